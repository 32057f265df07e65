def f(x):
    return x + y


print(undefined_thing)
