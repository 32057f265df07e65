def main(argv):
    if argv:
        x = 1
      y = 2
    return 0
