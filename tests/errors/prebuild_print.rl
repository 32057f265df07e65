import os


def greet(name):
    os.write(1, "hello %s\n" % name)


print("starting")


def main(argv):
    return 0
