"""Drop-in replacement for vaderSentiment 3.3.2.

Change one import::

    # from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    from stancelens.vader import SentimentIntensityAnalyzer

``polarity_scores(text)`` returns the same dict with the same numbers.
"""

from stancelens._stancelens import SentimentIntensityAnalyzer

__all__ = ["SentimentIntensityAnalyzer"]
