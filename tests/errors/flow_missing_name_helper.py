defined = 1


def setter():
    global made_global
    made_global = 2


if __name__ == "__main__":
    absent = 3
