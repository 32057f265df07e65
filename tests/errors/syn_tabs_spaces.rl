def main(argv):
	if argv:
        return 1
	return 0
