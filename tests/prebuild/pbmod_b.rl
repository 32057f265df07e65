import pbmod_a
VALUE = "b"
FROM_A = pbmod_a.RUNS
