"""Personal names: declension back to the nominative, splitting, initials."""

from warcases.names.nominative import is_initials, name_gender, split_name, to_nominative

__all__ = ["is_initials", "name_gender", "split_name", "to_nominative"]
