"""Rank: the candidate sentences and their features, the fitted first stage, the learned reader and the second
stage, and how likely the report answers at all (weights.json, reader/). May import: understand, route."""
