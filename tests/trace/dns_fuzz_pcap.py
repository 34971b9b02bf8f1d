#!/usr/bin/env python3
"""dns_fuzz_pcap.py -- a pcap of random and mangled DNS messages.

    dns_fuzz_pcap.py SEED COUNT OUT.pcap [SEED_DIR]

Writes COUNT Ethernet frames, 10.0.0.1 <-> 10.0.0.2, each carrying a DNS
message: over UDP to or from port 53 (or 5353, multicast DNS), sometimes
over TCP with the two-byte length prefix; with wrong UDP or IP lengths now
and then.  A message is either one of the files in SEED_DIR with a few
bytes changed or cut short, or built from parts: names with odd bytes,
backward, forward and looping pointers, bit-string and reserved labels;
every record type tcpdump decodes (A, NS, CNAME, SOA, PTR, MX, TXT, AAAA,
SRV, A6, DNAME, OPT with EDNS options, UNSPECA, TSIG, URI) with RDATA
that fits, or not; counts that lie.  The same SEED gives the same file.
Used by tests/trace/test-describe-dns-differential.sh.
"""
import glob
import os
import random
import struct
import sys


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return (~s) & 0xffff


ETH = b'\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00'
A1, A2 = b'\x0a\0\0\x01', b'\x0a\0\0\x02'


def ip(proto, l4, tot=None):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, tot if tot is not None else 20 + len(l4),
                    1, 0, 64, proto, 0, A1, A2)
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + l4


def name(r):
    out = b''
    for _ in range(r.randint(0, 4)):
        k = r.choice([1, 3, 7, r.randint(0, 63)])
        out += bytes([k]) + bytes(r.choice([r.randint(0, 255), 0x61, 0x2e, 0x7f, 0x80])
                                  for _ in range(k))
    t = r.random()
    if t < 0.3:
        out += bytes([0xc0, r.randint(0, 80)])
    elif t < 0.35:
        out += bytes([0x41, r.randint(0, 40)]) + bytes(r.randint(0, 255) for _ in range(5))
    elif t < 0.38:
        out += bytes([r.choice([0x40, 0x42, 0x80, 0xbf])])
    else:
        out += b'\0'
    return out


def rdata(r, t):
    if t == 1:
        return bytes(4)
    if t == 28:
        return bytes(r.randint(0, 255) for _ in range(16))
    if t in (2, 5, 12, 39):
        return name(r)
    if t == 15:
        return b'\0\x0a' + name(r)
    if t == 33:
        return b'\0\1\0\2\0\x50' + name(r)
    if t == 16:
        return b''.join(bytes([k]) + bytes(r.randint(0, 255) for _ in range(k))
                        for k in [r.randint(0, 10) for _ in range(r.randint(1, 3))])
    if t == 41:
        rd = b''
        for _ in range(r.randint(0, 3)):
            o = r.choice([3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, r.randint(0, 20)])
            if o == 8:
                d = r.choice([b'\0\1\x18\0\x0a\0\0', b'\0\2\x40\0\x20\x01\x0d\xb8\0\0\0\0',
                              bytes(r.randint(0, 255) for _ in range(r.randint(0, 8)))])
            elif o == 13:
                d = name(r)
            else:
                d = bytes(r.randint(0, 255)
                          for _ in range(r.choice([0, 1, 2, 4, 8, 16, 24, r.randint(0, 45)])))
            rd += struct.pack('!HH', o, len(d)) + d
        return rd
    if t == 38:
        return bytes([r.choice([0, 64, 120, 128, 129])]) + \
            bytes(r.randint(0, 255) for _ in range(16)) + name(r)
    return bytes(r.randint(0, 255) for _ in range(r.randint(0, 12)))


def rr(r):
    t = r.choice([1, 2, 5, 6, 12, 15, 16, 28, 33, 38, 39, 41, 104, 250, 256, 99,
                  r.randint(0, 65535)])
    rd = rdata(r, t) if r.random() < 0.5 else bytes(r.randint(0, 255)
                                                     for _ in range(r.randint(0, 20)))
    rdlen = len(rd) if r.random() < 0.85 else r.randint(0, 40)
    cls = r.choice([1, 1, 1, 3, 4, 255, 0x8001, r.randint(0, 65535)])
    ttl = r.choice([0, 0x80008000, r.randint(0, 2**32 - 1)])
    return name(r) + struct.pack('!HHIH', t, cls, ttl, rdlen) + rd


def message(r, seeds):
    if seeds and r.random() < 0.4:
        b = bytearray(r.choice(seeds))
        for _ in range(r.randint(0, 4)):
            if b:
                b[r.randrange(len(b))] = r.randint(0, 255)
        if r.random() < 0.3:
            b = b[:r.randint(0, len(b))]
        return bytes(b)
    cnt = [r.choice([0, 1, 1, 1, 2, 3]), r.choice([0, 1, 2, 3]), r.choice([0, 1]),
           r.choice([0, 1, 2])]
    flags = r.choice([0x0100, 0x8180, 0x8580, 0x8583, 0x8400, 0x8200, 0x0110, 0x0130,
                      0x0800, 0x8820, 0x28f0, r.randint(0, 65535)])
    body = b''.join(name(r) + struct.pack('!HH', r.choice([1, 28, 15, 255, r.randint(0, 300)]),
                                          r.choice([1, 1, 3, 255, 0x8001, r.randint(0, 65535)]))
                    for _ in range(cnt[0]))
    body += b''.join(rr(r) for _ in range(sum(cnt[1:])))
    if r.random() < 0.15:
        cnt[r.randrange(4)] = r.randint(0, 10)
    b = struct.pack('!HHHHHH', r.randint(0, 65535), flags, *cnt) + body
    if r.random() < 0.2:
        b = b[:r.randint(0, len(b))]
    return b


def frame(r, m):
    x = r.random()
    if x < 0.15:
        pre = struct.pack('!H', len(m) if r.random() < 0.9 else r.randint(0, 70)) + m
        if r.random() < 0.05:
            pre = pre[:r.randint(0, 2)]
        # Ports differ per segment so that tcpdump sees no connection (it
        # would print later sequence numbers relative to the first).
        port = r.randint(1024, 65000)
        sp, dp = (53, port) if r.random() < 0.5 else (port, 53)
        tcp = struct.pack('!HHIIBBHHH', sp, dp, 1, 2, 0x50, 0x18, 100, 0, 0) + pre
        return ETH + ip(6, tcp)
    sp, dp = r.choice([(40000, 53), (53, 40000), (5353, 5353), (40000, 5353)])
    udp = bytearray(struct.pack('!HHHH', sp, dp, 8 + len(m), 0) + m)
    tot = None
    if x < 0.25:
        struct.pack_into('!H', udp, 4, r.choice([0, 7, 8, 9, len(udp) - 3, len(udp) + 9]))
    elif x < 0.3:
        tot = r.choice([28, 30, 20 + len(udp) - 5, 20 + len(udp) + 11])
    return ETH + ip(17, bytes(udp), tot)


def main():
    seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    seeds = []
    if len(sys.argv) > 4:
        for f in sorted(glob.glob(os.path.join(sys.argv[4], '*'))):
            if os.path.isfile(f) and not f.endswith('.md'):
                with open(f, 'rb') as fh:
                    seeds.append(fh.read())
    r = random.Random(seed)
    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for _ in range(count):
            fr = frame(r, message(r, seeds))
            f.write(struct.pack('<IIII', 0, 0, len(fr), len(fr)) + fr)


if __name__ == '__main__':
    main()
