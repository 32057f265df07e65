"""Sorting algorithms on ints, floats and strs, checked against list.sort."""
import sys


def bubble_sort(a):
    n = len(a)
    swapped = True
    while swapped:
        swapped = False
        for i in range(1, n):
            if a[i - 1] > a[i]:
                a[i - 1], a[i] = a[i], a[i - 1]
                swapped = True
        n -= 1


def insertion_sort(a):
    for i in range(1, len(a)):
        x = a[i]
        j = i - 1
        while j >= 0 and a[j] > x:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = x


def selection_sort(a):
    for i in range(len(a)):
        m = i
        for j in range(i + 1, len(a)):
            if a[j] < a[m]:
                m = j
        if m != i:
            tmp = a[i]
            a[i] = a[m]
            a[m] = tmp


def merge(left, right):
    out = []
    i = 0
    j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


def merge_sort(a):
    if len(a) <= 1:
        return a[:]
    mid = len(a) // 2
    return merge(merge_sort(a[:mid]), merge_sort(a[mid:]))


def quick_sort(a, lo, hi):
    if lo >= hi:
        return
    pivot = a[(lo + hi) // 2]
    i = lo
    j = hi
    while i <= j:
        while a[i] < pivot:
            i += 1
        while a[j] > pivot:
            j -= 1
        if i <= j:
            a[i], a[j] = a[j], a[i]
            i += 1
            j -= 1
    quick_sort(a, lo, j)
    quick_sort(a, i, hi)


def sift_down(a, start, end):
    root = start
    while 2 * root + 1 <= end:
        child = 2 * root + 1
        if child + 1 <= end and a[child] < a[child + 1]:
            child += 1
        if a[root] < a[child]:
            a[root], a[child] = a[child], a[root]
            root = child
        else:
            return


def heap_sort(a):
    n = len(a)
    start = (n - 2) // 2
    while start >= 0:
        sift_down(a, start, n - 1)
        start -= 1
    end = n - 1
    while end > 0:
        a[0], a[end] = a[end], a[0]
        end -= 1
        sift_down(a, 0, end)


def shell_sort(a):
    gap = len(a) // 2
    while gap > 0:
        for i in range(gap, len(a)):
            x = a[i]
            j = i
            while j >= gap and a[j - gap] > x:
                a[j] = a[j - gap]
                j -= gap
            a[j] = x
        gap //= 2


def counting_sort(a, maxval):
    counts = [0] * (maxval + 1)
    for x in a:
        counts[x] += 1
    out = []
    for v in range(maxval + 1):
        for k in range(counts[v]):
            out.append(v)
    return out


def insertion_sort_floats(a):
    for i in range(1, len(a)):
        x = a[i]
        j = i - 1
        while j >= 0 and a[j] > x:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = x


def merge_sort_strs(a):
    if len(a) <= 1:
        return a[:]
    mid = len(a) // 2
    left = merge_sort_strs(a[:mid])
    right = merge_sort_strs(a[mid:])
    out = []
    i = 0
    j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    return out + left[i:] + right[j:]


def pseudo_random_ints(n, seed, modulo):
    out = []
    x = seed
    for i in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        out.append(x % modulo)
    return out


def show(name, a):
    print(name + ":", " ".join([str(x) for x in a]))


def main(argv):
    data = pseudo_random_ints(25, 42, 100)
    show("input", data)
    expected = data[:]
    expected.sort()
    show("sorted", expected)

    a = data[:]
    bubble_sort(a)
    print("bubble ok", a == expected)
    a = data[:]
    insertion_sort(a)
    print("insertion ok", a == expected)
    a = data[:]
    selection_sort(a)
    print("selection ok", a == expected)
    print("merge ok", merge_sort(data) == expected)
    a = data[:]
    quick_sort(a, 0, len(a) - 1)
    print("quick ok", a == expected)
    a = data[:]
    heap_sort(a)
    print("heap ok", a == expected)
    a = data[:]
    shell_sort(a)
    print("shell ok", a == expected)
    print("counting ok", counting_sort(data, 99) == expected)

    floats = [3.5, -1.25, 2.0, 0.1, -7.75, 2.5, 1e10, -0.5]
    fl = floats[:]
    insertion_sort_floats(fl)
    print(fl)
    fl2 = floats[:]
    fl2.sort()
    print(fl2 == fl)

    words = "the quick brown fox jumps over the lazy dog THE End".split()
    w = merge_sort_strs(words)
    print(w)
    w3 = words[:]
    w3.sort()
    print(w3 == w)
    w3.reverse()
    print(w3)

    big = pseudo_random_ints(2000, 7, 1000000)
    b1 = big[:]
    heap_sort(b1)
    b2 = big[:]
    b2.sort()
    b3 = merge_sort(big)
    print("2000 items:", b1 == b2, b2 == b3, b1[0], b1[len(b1) - 1])
    empty = []
    bubble_sort(empty)
    print(empty, merge_sort([5]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
