#!/usr/bin/env python3
"""crosscheck.py SEED N DRIVER -- random differential test of runtime/text
against CPython: float repr (incl. every power of two and its neighbours),
float/int/str %-conversions, spec errors, int() and float() parsing with
their messages, and str hashes (run with PYTHONHASHSEED=0)."""
import random, struct, subprocess, sys, math
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
DRIVER = sys.argv[3] if len(sys.argv) > 3 else './crosscheck_drv'
cases = []  # (line, expected str)
def hx(s): return s.encode('latin-1').hex()
def bits(x): return '%016x' % struct.unpack('<Q', struct.pack('<d', x))[0]
def rnd_double():
    r = random.random()
    if r < 0.3: return struct.unpack('<d', struct.pack('<Q', random.getrandbits(64)))[0]
    if r < 0.5: return random.choice([1,-1]) * random.random() * 10 ** random.randint(-30, 30)
    if r < 0.7: return float(random.randint(-10**6, 10**6)) / random.choice([1,2,4,8,10,100,1000,3,7])
    if r < 0.8: return math.ldexp(1.0, random.randint(-1074, 1023)) * random.choice([1,-1])
    if r < 0.9: return float(random.choice(['0.1','0.2','0.3','1e16','1e15','9999999999999998','1e-5','0.0001','123456789.123','5e-324','1.7976931348623157e308','2.2250738585072014e-308','-0.0','0.0','inf','-inf','nan','1e22','1e23','9007199254740993', '0.5','2.5','1.5','0.125','1e-4', '1e-7', '123456789012345678']))
    return round(random.uniform(-1000, 1000), random.randint(0, 8))
for _ in range(N):
    x = rnd_double()
    cases.append(('R ' + hx(bits(x)), repr(x)))
for e in range(-1074, 1024):
    x = math.ldexp(1.0, e)
    for y in (x, math.nextafter(x, 0), math.nextafter(x, math.inf)):
        if math.isfinite(y):
            cases.append(('R ' + hx(bits(y)), repr(y)))
flagsets = ['', '-', '+', ' ', '#', '0', '-0', '+0', '#0', ' 0', '-#', '+#0', '- ', '0+ ']
for _ in range(N):
    x = rnd_double()
    f = random.choice(flagsets)
    w = random.choice(['', '', '1', '5', '12', '30'])
    p = random.choice(['', '', '.0', '.1', '.3', '.6', '.10', '.17', '.25', '.', '.60'])
    c = random.choice('fFeEgGsr')
    spec = '%' + f + w + p + c
    cases.append(('F ' + hx(spec) + ' ' + hx(bits(x)), spec % x))
for _ in range(N):
    v = random.choice([0, 1, -1, 2**63-1, -2**63, random.randint(-2**63, 2**63-1), random.randint(-1000, 1000), 255, -255, 8, 16])
    f = random.choice(flagsets)
    w = random.choice(['', '', '1', '5', '12', '30'])
    p = random.choice(['', '', '.0', '.1', '.3', '.10', '.25', '.'])
    c = random.choice('diuxXo')
    spec = '%' + f + w + p + c
    cases.append(('I ' + hx(spec) + ' ' + hx(str(v)), spec % v))
alpha = ['a', 'b', "'", '"', '\\', '\n', '\t', '\r', '\x00', '\x1f', '\x7f', '\x80', '\x9f', '\xa0', '\xa1', '\xad', '\xe9', '\xff', ' ', 'x']
for _ in range(N):
    s = ''.join(random.choice(alpha) for _ in range(random.randint(0, 8)))
    f = random.choice(['', '-', '0', '-0', '#', '+'])
    w = random.choice(['', '', '1', '5', '12'])
    p = random.choice(['', '', '.0', '.1', '.3', '.10'])
    c = random.choice('sra')
    spec = '%' + f + w + p + c
    cases.append(('S ' + hx(spec) + ' ' + hx(s), spec % s))
    spec = '%' + f + w + p + 'c'
    ch = random.choice(alpha)
    cases.append(('C ' + hx(spec) + ' ' + hx(ch), spec % ch))
bad_specs = ['%', '%-', '%5', '%.', '%q', '%5.2k', '%\x01', '%\xe9', '%(x)s', '%Lf', '%5%', '%l5.1f']
for spec in bad_specs:
    try: exp = spec % (1.5,) if '%(' not in spec else None
    except (ValueError, TypeError) as e: exp = str(e)
    if exp is None: exp = 'format requires a mapping'
    cases.append(('F ' + hx(spec) + ' ' + hx(bits(1.5)), exp))
# int parsing
ialpha = ['0', '1', '7', '9', 'a', 'f', 'z', 'x', 'o', 'b', 'X', '_', ' ', '-', '+', '\t', '\x85', '\xa0', '\x1c', '\x00', '.', 'e']
for _ in range(N):
    if random.random() < 0.3:
        s = random.choice(['', ' ', '-', '+']) + random.choice(['0x', '0o', '0b', '0', '', '0X']) + ''.join(random.choice('0123456789abcdef_') for _ in range(random.randint(0, 22))) + random.choice(['', ' '])
    else:
        s = ''.join(random.choice(ialpha) for _ in range(random.randint(0, 7)))
    base = random.choice([0, 10, 10, 16, 8, 2, 36, 3, 1, 37, -1])
    try:
        v = int(s, base)
        exp = 'OK %d' % v if -2**63 <= v < 2**63 else 'OVERFLOW'
    except ValueError as e:
        exp = str(e)
    cases.append(('P ' + hx(str(base)) + ' ' + hx(s), exp))
falpha = ['0', '1', '5', '9', '.', 'e', 'E', '_', '-', '+', ' ', 'i', 'n', 'f', 'a', 'N', 'x', 'p', '\xa0', '\x85', '\x1c', 'inf', 'nan', 'infinity', '1e400', 'e-400']
for _ in range(N):
    if random.random() < 0.4:
        x = rnd_double()
        s = random.choice([repr(x), '%.20e' % x if math.isfinite(x) else repr(x), '%.25f' % x, ' %r ' % x, repr(x).upper()])
    else:
        s = ''.join(random.choice(falpha) for _ in range(random.randint(0, 8)))
    try:
        exp = 'OK ' + repr(float(s))
    except ValueError as e:
        exp = str(e)
    cases.append(('Q ' + hx(s), exp))
for _ in range(N // 10):
    s = ''.join(chr(random.randint(0, 255)) for _ in range(random.randint(0, 40)))
    cases.append(('H ' + hx(s), None))
inp = ''.join(c[0] + '\n' for c in cases)
out = subprocess.run([DRIVER], input=inp.encode(), capture_output=True).stdout.decode().split('\n')
bad = 0
import os
for (line, exp), got in zip(cases, out):
    g = bytes.fromhex(got).decode('latin-1')
    if exp is None:
        s = bytes.fromhex(line[2:]).decode('latin-1')
        h = hash(s)
        if s == '': h = None
        elif h == 0: h = None
        if h is not None and str(h) != g:
            bad += 1; print('HASH', repr(s), h, g)
        continue
    if g != exp:
        bad += 1
        if bad < 40:
            parts = line.split(' ')
            print('MISMATCH', line[0], [bytes.fromhex(p).decode('latin-1') for p in parts[1:]], 'exp', repr(exp), 'got', repr(g))
print('%d passed, %d failed' % (len(cases) - bad, bad))
sys.exit(1 if bad else 0)
