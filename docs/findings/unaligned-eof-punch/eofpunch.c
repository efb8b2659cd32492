// Reproducer of punchspec's prediction (docs/findings/unaligned-eof-punch/README.md): a buffered
// write that reserved delalloc over an unaligned EOF fails while an mmap store dirties the EOF
// folio; the write's cleanup punches from i_size, XFS rounds the punch start down to the block,
// and the store's data below EOF is lost.
// Usage: eofpunch FILE I_SIZE STORE_BYTE [nowrite]   (nowrite: the same store and fsync alone)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fd;
static char *buf;
static ssize_t wret;
static int werr;

static void *writer(void *arg) {
    (void)arg;
    wret = pwrite(fd, buf, 4096, 0);
    werr = errno;
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) { fprintf(stderr, "usage: %s FILE ISIZE STORE_BYTE [nowrite]\n", argv[0]); return 2; }
    long isize = atol(argv[2]), store = atol(argv[3]);
    fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ftruncate(fd, isize)) { perror("open/ftruncate"); return 1; }
    if (argc == 5) {                    // control: the same store and fsync, no racing write
        char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (m == MAP_FAILED) { perror("mmap file"); return 1; }
        m[store] = 7;
        if (fsync(fd)) { perror("fsync"); return 1; }
        printf("no write\n");
        return 0;
    }
    long uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
    if (uffd < 0) { perror("userfaultfd"); return 1; }
    struct uffdio_api api = { .api = UFFD_API };
    if (ioctl(uffd, UFFDIO_API, &api)) { perror("UFFDIO_API"); return 1; }
    buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct uffdio_register reg = { .range = { (unsigned long)buf, 4096 }, .mode = UFFDIO_REGISTER_MODE_MISSING };
    if (ioctl(uffd, UFFDIO_REGISTER, &reg)) { perror("UFFDIO_REGISTER"); return 1; }
    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    struct pollfd p = { .fd = (int)uffd, .events = POLLIN };
    if (poll(&p, 1, 5000) != 1) { fprintf(stderr, "writer never faulted\n"); return 1; }
    struct uffd_msg msg;
    if (read(uffd, &msg, sizeof msg) != sizeof msg || msg.event != UFFD_EVENT_PAGEFAULT) { fprintf(stderr, "bad uffd event\n"); return 1; }
    // The writer is stalled faulting in its user buffer (fault_in_iov_iter_readable in
    // iomap_write_iter), after ->iomap_begin reserved delalloc for [0, 4096) with IOMAP_F_NEW.
    char *map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) { perror("mmap file"); return 1; }
    map[store] = 7;                     // read fault + page_mkwrite: folio 0 dirty
    // Make the copy fail: remove the buffer, then wake the fault; the retry finds no mapping, the
    // write copies nothing and returns EFAULT, and ->iomap_end punches the unused reservation.
    munmap(buf, 4096);
    struct uffdio_range wake = { (unsigned long)buf, 4096 };
    ioctl(uffd, UFFDIO_WAKE, &wake);
    close((int)uffd);
    pthread_join(t, NULL);
    printf("pwrite returned %zd (%s)\n", wret, wret < 0 ? strerror(werr) : "ok");
    if (fsync(fd)) { perror("fsync"); return 1; }
    munmap(map, 4096);
    close(fd);
    return 0;
}
