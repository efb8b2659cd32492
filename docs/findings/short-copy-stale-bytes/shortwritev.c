// Smallest reproducer of this directory's finding, without userfaultfd and without root (given a
// file on XFS): pwritev() of two iovecs, the first 750 readable bytes of 65, the second pointing
// at a PROT_NONE page, into a 32 KiB sparse file. The write is short (750 bytes); the file's
// bytes [750, 1500), never written and over a hole, should read as zeros.
// Usage: shortwritev FILE   (run pinned to one CPU, e.g. taskset -c 0, so the freed pages primed
// with 238 below are the ones the page cache gets; without that, other old memory shows).
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s FILE\n", argv[0]); return 2; }
    int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ftruncate(fd, 32768)) { perror("open/ftruncate"); return 1; }
    size_t n = 4 << 20;                 // prime: fill 4 MiB with 238 and free it
    char *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) { perror("mmap"); return 1; }
    memset(m, 238, n);
    munmap(m, n);
    char *a = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (a == MAP_FAILED) { perror("mmap"); return 1; }
    memset(a, 65, 4096);
    mprotect(a + 4096, 4096, PROT_NONE);
    struct iovec iov[2] = { { a, 750 }, { a + 4096, 750 } };
    ssize_t r = pwritev(fd, iov, 2, 0);
    unsigned char buf[1500];
    if (pread(fd, buf, sizeof buf, 0) != (ssize_t)sizeof buf) { perror("pread"); return 1; }
    int nonzero = 0;
    for (int i = 750; i < 1500; i++) nonzero += buf[i] != 0;
    printf("pwritev returned %zd; non-zero bytes in [750,1500): %d (byte 750 = %u)\n", r, nonzero, buf[750]);
    return 0;
}
