"""Workshop logic without Qt: the countdown of an exercise and a dot-voting round."""
