"""warcases: verdicts, news, lists and statistics about war recruitment, as a traceable dataset."""

__version__ = "0.1.0"
