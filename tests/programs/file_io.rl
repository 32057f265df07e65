"""File I/O: open() in "w"/"r"/"a" modes with write/read/readline/close,
os.open/os.write/os.read/os.close with O_ flags, latin-1 bytes round
trips, reading in chunks, and OSError for a missing file. Files live
under /tmp with names unique to this program."""
import os
import sys

PATH = "/tmp/rtrans_test_file_io_a.txt"
PATH2 = "/tmp/rtrans_test_file_io_b.bin"


def write_lines(path, lines):
    f = open(path, "w")
    for line in lines:
        f.write(line + "\n")
    f.close()


def read_lines(path):
    f = open(path, "r")
    out = []
    while True:
        line = f.readline()
        if not line:
            break
        out.append(line)
    f.close()
    return out


def read_fd_all(path, chunk):
    fd = os.open(path, os.O_RDONLY, 0)
    parts = []
    while True:
        s = os.read(fd, chunk)
        if len(s) == 0:
            break
        parts.append(s)
    os.close(fd)
    return parts


def main(argv):
    write_lines(PATH, ["first line", "second: 2", "", "caf\xe9 \xff\x01 end", "last"])
    lines = read_lines(PATH)
    print(len(lines), lines)
    f = open(PATH)
    whole = f.read()
    f.close()
    print(len(whole), repr(whole[:20]), whole.count("\n"))
    f = open(PATH, "a")
    f.write("appended\n")
    f.close()
    print(read_lines(PATH)[-2:])

    fd = os.open(PATH2, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    n = os.write(fd, "binary\x00data\r\n")
    n += os.write(fd, "".join([chr(i) for i in range(256)]))
    os.close(fd)
    print("wrote", n)
    parts = read_fd_all(PATH2, 100)
    print("chunks", [len(p) for p in parts])
    data = "".join(parts)
    print(repr(data[:13]), ord(data[13]), ord(data[-1]), len(data))
    ok = True
    for i in range(256):
        if ord(data[13 + i]) != i:
            ok = False
    print("all 256 bytes round-trip:", ok)

    # truncating rewrite
    fd = os.open(PATH2, os.O_WRONLY | os.O_TRUNC, 0o644)
    os.write(fd, "short")
    os.close(fd)
    print(read_fd_all(PATH2, 3))

    try:
        open("/tmp/rtrans_test_file_io_no_such_dir/x.txt", "r")
        print("opened?")
    except OSError:
        print("OSError for a missing file")
    try:
        os.open("/tmp/rtrans_test_file_io_no_such_dir/y", os.O_RDONLY, 0)
    except OSError:
        print("OSError from os.open")
    try:
        os.read(-1, 10)
    except OSError:
        print("OSError from os.read on a bad fd")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
