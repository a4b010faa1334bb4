"""The workshop's widgets: presentation, the audience window, the timer badge and the voting round."""
