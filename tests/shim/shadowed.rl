"""import_helper.rl imports this, not shadowed.py."""
KIND = "rl"
