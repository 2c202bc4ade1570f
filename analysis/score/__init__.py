"""Stage "score": the per-text pipeline that scores each article and sentence.

Modules
-------
analyze
    Every article and sentence scored: sentiment, tone, themes with evidence, actors, events.
sentiment
    TextBlob-exact sentiment, computed fast (with the optional C kernel ``analysis._speedups``).
tone
    A sentence and article tone score fitted to human ratings.
themes
    Theme detection (sanctions, energy, UN voting) with sentence-level evidence.
actors
    Which states, blocs and organisations an article mentions.
events
    Who sanctions whom, and how UN votes went.
segment
    Sentence splitting (with the optional C kernel ``analysis._speedups``).
match
    Whole-word phrase matching shared by themes and actors.

Nothing is imported here: each module is imported when first asked for.

Example
-------
>>> from analysis.score import segment
>>> segment.split("Talks failed. Mr. Smith left.")
['Talks failed.', 'Mr. Smith left.']
"""
