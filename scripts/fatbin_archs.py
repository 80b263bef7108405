#!/usr/bin/env python3
"""List the GPU architectures a CUDA shared library carries code for, without the CUDA toolkit.

Reads every fat binary (magic 0xBA55ED50) in the file and prints, per architecture, whether it holds a cubin
(ELF, runs on the same major architecture with an equal or higher minor) or PTX (JIT-compiled for any newer
device). This is how CudaSupport.CUBIN_ARCHITECTURES was found for DL4J 1.0.0-M2.1:

    curl -O https://repo.maven.apache.org/maven2/org/nd4j/nd4j-cuda-11.6/1.0.0-M2.1/nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64.jar
    unzip nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64.jar 'org/nd4j/linalg/jcublas/bindings/linux-x86_64/libnd4jcuda.so'
    python3 scripts/fatbin_archs.py org/nd4j/linalg/jcublas/bindings/linux-x86_64/libnd4jcuda.so

printed (2026-12-02): 228 fat binaries, each with ELF for sm 37, 50, 52, 60, 61, 70, 75, 80, 86 and no PTX.
"""
import collections
import mmap
import struct
import sys

MAGIC = struct.pack('<I', 0xBA55ED50)
KINDS = {1: 'PTX', 2: 'ELF (cubin)'}


def main(path):
    with open(path, 'rb') as f:
        data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        pos, fatbins, entries = 0, 0, collections.Counter()
        while True:
            i = data.find(MAGIC, pos)
            if i < 0:
                break
            _version, header_size, fat_size = struct.unpack_from('<HHQ', data, i + 4)
            if header_size != 16 or fat_size == 0 or fat_size > 1 << 31:
                pos = i + 4
                continue
            fatbins += 1
            p, end = i + header_size, i + header_size + fat_size
            while p < end:
                kind, _unknown, entry_header, size = struct.unpack_from('<HHIQ', data, p)
                arch = struct.unpack_from('<I', data, p + 28)[0]
                entries[(KINDS.get(kind, str(kind)), arch)] += 1
                if entry_header == 0:
                    break
                p += entry_header + size
            pos = end
    print(f'{fatbins} fat binaries')
    for (kind, arch), n in sorted(entries.items(), key=lambda e: (e[0][0], e[0][1])):
        print(f'{kind:12s} sm_{arch}: {n} entries')


if __name__ == '__main__':
    main(sys.argv[1])
