"""Must lose to shadowed.rl."""
KIND = "py"
