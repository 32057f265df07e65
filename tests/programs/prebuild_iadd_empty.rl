SQUARES = []
SQUARES += []
SQUARES += [1]
SQUARES += []

def main(argv):
    print(len(SQUARES))
    return 0
