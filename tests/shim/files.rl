"""Files opened in text mode hold bytes (latin-1, no newline translation,
lines end at '\\n' only); os.open/os.read/os.write agree with them.
Writes shim_files.tmp in the current folder (run.sh runs it in a fresh
folder under /tmp)."""
import os
import sys


def read_all(path):
    fd = os.open(path, os.O_RDONLY, 0o777)
    chunks = []
    while True:
        s = os.read(fd, 100)
        if len(s) == 0:
            break
        chunks.append(s)
    os.close(fd)
    return "".join(chunks)


def main(argv):
    path = "shim_files.tmp"
    data = "line1\r\nline2\rstill2\nl\xe9\xff\x00\x80\n"
    data += "".join([chr(i) for i in range(256)])
    f = open(path, "w")
    f.write(data)
    f.close()
    raw = read_all(path)
    print(len(raw), raw == data)
    f = open(path)
    print(repr(f.readline()))
    print(repr(f.readline()))
    print(repr(f.readline()))
    rest = f.read()
    f.close()
    print(len(rest), rest == data[26:])
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, "abc\xe9\n")
    os.close(fd)
    f = open(path, "r")
    print(repr(f.read()))
    f.close()
    try:
        open("/nonexistent-dir/x", "w")
        print("opened?")
    except OSError:
        print("open: OSError")
    try:
        os.open("/nonexistent-dir/x", os.O_RDONLY, 0o777)
        print("opened?")
    except OSError:
        print("os.open: OSError")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
