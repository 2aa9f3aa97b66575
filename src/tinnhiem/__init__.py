"""tinnhiem — open software for the "Tín nhiệm người có ảnh hưởng" influencer credibility programme."""

__version__ = "0.1.0"
