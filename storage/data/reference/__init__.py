"""Tables Chair ships because the published files do not carry them (QOF points, thresholds, £/point)."""
