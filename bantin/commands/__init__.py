"""The `bantin` commands: one module each, over runner.py (exit codes, signals, faults)."""
