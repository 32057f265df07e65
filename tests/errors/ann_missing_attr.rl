class Tape(object):
    def __init__(self):
        self.position = 0

    def get(self):
        return self.pos


def main(argv):
    return Tape().get()
