// stallwrite: runs ONE case of punchspec's real-kernel harness on a file in a mounted filesystem.
//
// A buffered pwrite() copies from a user buffer whose tail is registered with userfaultfd, so the
// copy STALLS at a chosen byte of the buffer: iomap_write_iter() prefaults each chunk with
// fault_in_iov_iter_readable() while holding i_rwsem, after ->iomap_begin reserved delalloc for
// the write, and before it locks any folio (docs/kernel-harness.md, KERNEL-NOTES.md section 4).
// While the writer is stalled, the case's other operations run in a second thread; then the
// stalled copy either FAILS (the unfilled pages are unmapped and the fault is woken, so the
// retried fault gets EFAULT and the write is short) or CONTINUES (UFFDIO_COPY fills the pages).
//
// Script on stdin, one command per line (numbers are decimal bytes, BYTE is 0..255):
//   open PATH                       open (create, truncate) the file; must come first
//   reopen PATH                     open an existing file as it is (to inspect it after a mount)
//   truncate SIZE                   ftruncate
//   write OFF LEN BYTE              plain buffered pwrite of LEN copies of BYTE
//   dwrite OFF LEN BYTE             O_DIRECT pwrite (OFF, LEN multiples of 4096)
//   mstore OFF BYTE                 one-byte store through a MAP_SHARED mapping of the file
//   mload OFF                       one-byte load through the mapping (prints the value)
//   read OFF LEN                    buffered pread, prints its bytes run-length encoded
//   msync OFF LEN                   msync(MS_SYNC) of the pages of [OFF, OFF+LEN)
//   fsync                           fsync
//   syncrange OFF LEN               sync_file_range(WAIT_BEFORE | WRITE | WAIT_AFTER) of the range
//   prime BYTE KIB                  fill KIB KiB of fresh anonymous memory with BYTE and free it,
//                                   so the page allocator's per-CPU free lists hold pages of a
//                                   known content (the whole process runs pinned to one CPU);
//                                   a page the kernel hands out without initialising it then
//                                   shows BYTE instead of arbitrary old memory
//   stall OFF LEN STALL BYTE        start pwrite(fd, buf, LEN, OFF); buf[0..STALL) is present,
//                                   the copy stalls on buf[STALL]; commands up to fail/continue
//                                   run in a second thread while the writer is stalled
//   fail | continue                 resolve the stall (see above), join both threads
//   report LABEL                    print st_size, st_blocks, the SEEK_DATA/SEEK_HOLE map, the
//                                   FIEMAP extents and the file's bytes (run-length encoded)
// An operation run during the stall that sleeps on i_rwsem, which the stalled writer holds (seen
// in /proc/self/task/TID/wchan for 100 ms), or that is still running after 20 s, is reported
// "blocked"; the rest queue behind it and run once the write has been resolved.
//
// Output, one fact per line, space separated:
//   op INDEX NAME during|before|after ok|blocked|sigbus|err=ERRNO [value]
//   blocked INDEX WCHAN               (the first blocked operation and where it sleeps)
//   pwrite RETURN ERRNO
//   LABEL stat SIZE BLOCKS            (BLOCKS in 512-byte units, as st_blocks)
//   LABEL map data|hole START END     (half-open, from SEEK_DATA/SEEK_HOLE over [0, SIZE))
//   LABEL extent START END FLAGS      (FIEMAP, FLAGS hex: 0x4 delalloc, 0x800 unwritten, 0x1 last)
//   LABEL bytes START END VALUE       (half-open runs of equal bytes over [0, SIZE))
//   read OFF bytes START END VALUE    (same, for a read command)
// Exit status 0 when the script ran (whatever the kernel did), 2 on a usage error, 1 when a
// system call of the harness itself failed.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096L
#define MAX_OPS 64
#define MAP_BYTES (64L << 20)      /* the shared mapping of the file: larger than any case */
#define POLL_MS 10                 /* how often the main thread looks at the operation's state */
#define LOCK_WAIT_POLLS 10         /* consecutive polls seen waiting on i_rwsem = blocked */
#define DURING_LIMIT_MS 20000      /* an operation still running after this is reported blocked */

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void usage(const char *what) {
    fprintf(stderr, "stallwrite: bad script: %s\n", what);
    exit(2);
}

struct op {
    char name[16];
    long a, b, c;
    int argc;
    char text[256];
};

static int fd = -1;
static char path[4096];
static char *fmap;                   /* MAP_SHARED mapping of the file, MAP_BYTES long */
static __thread sigjmp_buf *bus_jmp; /* set while a mapping access may raise SIGBUS */

static void on_sigbus(int sig) {
    (void)sig;
    if (bus_jmp) siglongjmp(*bus_jmp, 1);
    _exit(3);
}

/* Prints the half-open runs of equal bytes of buf[0..len) as "PREFIX START END VALUE". */
static void print_runs(const char *prefix, const unsigned char *buf, long base, long len) {
    long start = 0;
    for (long i = 1; i <= len; i++) {
        if (i == len || buf[i] != buf[start]) {
            printf("%s %ld %ld %u\n", prefix, base + start, base + i, buf[start]);
            start = i;
        }
    }
}

static unsigned char *read_all(long off, long len, ssize_t *got) {
    unsigned char *buf = malloc(len > 0 ? (size_t)len : 1);
    if (!buf) die("malloc %ld", len);
    long done = 0;
    while (done < len) {
        ssize_t r = pread(fd, buf + done, (size_t)(len - done), off + done);
        if (r < 0) { *got = -errno; return buf; }
        if (r == 0) break;
        done += r;
    }
    *got = done;
    return buf;
}

static void report(const char *label) {
    struct stat st;
    if (fstat(fd, &st)) die("fstat: %s", strerror(errno));
    printf("%s stat %lld %lld\n", label, (long long)st.st_size, (long long)st.st_blocks);
    long size = (long)st.st_size;
    for (long pos = 0; pos < size;) {
        off_t data = lseek(fd, pos, SEEK_DATA);
        if (data < 0 && errno != ENXIO) die("SEEK_DATA %ld: %s", pos, strerror(errno));
        if (data < 0 || data >= size) { printf("%s map hole %ld %ld\n", label, pos, size); break; }
        if (data > pos) printf("%s map hole %ld %ld\n", label, pos, (long)data);
        off_t hole = lseek(fd, data, SEEK_HOLE);
        if (hole < 0) die("SEEK_HOLE %ld: %s", (long)data, strerror(errno));
        if (hole > size) hole = size;
        printf("%s map data %ld %ld\n", label, (long)data, (long)hole);
        pos = hole;
    }
    size_t fmsize = sizeof(struct fiemap) + 64 * sizeof(struct fiemap_extent);
    struct fiemap *fm = calloc(1, fmsize);
    if (!fm) die("calloc");
    fm->fm_start = 0;
    fm->fm_length = FIEMAP_MAX_OFFSET;
    fm->fm_extent_count = 64;
    if (ioctl(fd, FS_IOC_FIEMAP, fm)) die("FIEMAP: %s", strerror(errno));
    for (unsigned i = 0; i < fm->fm_mapped_extents; i++) {
        struct fiemap_extent *e = &fm->fm_extents[i];
        printf("%s extent %llu %llu 0x%x\n", label, (unsigned long long)e->fe_logical,
               (unsigned long long)(e->fe_logical + e->fe_length), e->fe_flags);
    }
    free(fm);
    ssize_t got;
    unsigned char *buf = read_all(0, size, &got);
    if (got < 0) die("pread for report: %s", strerror((int)-got));
    char prefix[300];
    snprintf(prefix, sizeof prefix, "%s bytes", label);
    print_runs(prefix, buf, 0, got);
    free(buf);
}

static void ensure_map(void) {
    if (fmap) return;
    fmap = mmap(NULL, MAP_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (fmap == MAP_FAILED) die("mmap file: %s", strerror(errno));
}

static void fill_write(long off, long len, int byte, int direct) {
    int wfd = fd;
    if (direct) {
        wfd = open(path, O_RDWR | O_DIRECT);
        if (wfd < 0) die("open O_DIRECT: %s", strerror(errno));
    }
    void *buf;
    if (posix_memalign(&buf, PAGE, len > 0 ? (size_t)len : 1)) die("posix_memalign");
    memset(buf, byte, (size_t)len);
    ssize_t r = pwrite(wfd, buf, (size_t)len, off);
    int err = errno;
    free(buf);
    if (direct) close(wfd);
    if (r != len) { errno = r < 0 ? err : EIO; }
}

/* Runs one operation and prints its line; an unknown operation is a usage error. */
static void run_op(int index, const struct op *op, const char *phase) {
    char result[64] = "ok";
    char value[64] = "";
    errno = 0;
    if (!strcmp(op->name, "truncate")) {
        if (ftruncate(fd, op->a)) snprintf(result, sizeof result, "err=%d", errno);
    } else if (!strcmp(op->name, "write") || !strcmp(op->name, "dwrite")) {
        fill_write(op->a, op->b, (int)op->c, op->name[0] == 'd');
        if (errno) snprintf(result, sizeof result, "err=%d", errno);
    } else if (!strcmp(op->name, "prime")) {
        size_t n = (size_t)op->b << 10;
        char *mem = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mem == MAP_FAILED) die("mmap prime: %s", strerror(errno));
        memset(mem, (int)op->a, n);
        munmap(mem, n);
    } else if (!strcmp(op->name, "syncrange")) {
        if (sync_file_range(fd, op->a, op->b, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE
                                                | SYNC_FILE_RANGE_WAIT_AFTER))
            snprintf(result, sizeof result, "err=%d", errno);
    } else if (!strcmp(op->name, "fsync")) {
        if (fsync(fd)) snprintf(result, sizeof result, "err=%d", errno);
    } else if (!strcmp(op->name, "msync")) {
        ensure_map();
        long start = op->a & ~(PAGE - 1);
        if (msync(fmap + start, (size_t)(op->a + op->b - start), MS_SYNC))
            snprintf(result, sizeof result, "err=%d", errno);
    } else if (!strcmp(op->name, "mstore") || !strcmp(op->name, "mload")) {
        ensure_map();
        sigjmp_buf jb;
        if (sigsetjmp(jb, 1)) {
            snprintf(result, sizeof result, "sigbus");
        } else {
            bus_jmp = &jb;
            if (op->name[1] == 's') ((volatile char *)fmap)[op->a] = (char)op->b;
            else snprintf(value, sizeof value, " %u", ((volatile unsigned char *)fmap)[op->a]);
        }
        bus_jmp = NULL;
    } else if (!strcmp(op->name, "read")) {
        ssize_t got;
        unsigned char *buf = read_all(op->a, op->b, &got);
        if (got < 0) snprintf(result, sizeof result, "err=%d", (int)-got);
        printf("op %d %s %s %s%s\n", index, op->name, phase, result, value);
        if (got > 0) {
            char prefix[64];
            snprintf(prefix, sizeof prefix, "read %ld bytes", op->a);
            print_runs(prefix, buf, op->a, got);
        }
        free(buf);
        return;
    } else if (!strcmp(op->name, "report")) {
        report(op->text);
        return;
    } else {
        usage(op->name);
    }
    printf("op %d %s %s %s%s\n", index, op->name, phase, result, value);
}

/* ---- the stalled write ---- */

static long uffd = -1;
static char *region;       /* anonymous mapping holding the user buffer */
static long region_len;
static long reg_start;     /* offset in region of the first registered (missing) page */
static char *wbuf;         /* the user buffer: region + pad */
static long wlen, woff;
static int stall_byte;      /* the value every byte of the user buffer holds */
static ssize_t wret;
static int werr;

static void *writer(void *arg) {
    (void)arg;
    errno = 0;
    wret = pwrite(fd, wbuf, (size_t)wlen, woff);
    werr = wret < 0 ? errno : 0;
    return NULL;
}

static struct op during[MAX_OPS];
static int during_first_index, n_during;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int during_done;       /* operations finished by the second thread */
static int blocked_from = -1; /* first operation reported blocked */
static pid_t operator_tid;    /* the second thread's id, for /proc/self/task/TID/wchan */

static void *operator(void *arg) {
    (void)arg;
    pthread_mutex_lock(&mu);
    operator_tid = gettid();
    pthread_mutex_unlock(&mu);
    for (int i = 0; i < n_during; i++) {
        // stdout is line buffered and the main thread prints only after the wait below, so
        // the lines of the two threads never interleave within a line.
        run_op(during_first_index + i, &during[i], "during");
        fflush(stdout);
        pthread_mutex_lock(&mu);
        during_done = i + 1;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

static void start_stall(long off, long len, long stall, int byte) {
    if (len <= 0 || stall < 0 || stall >= len) usage("stall needs LEN > 0 and 0 <= STALL < LEN");
    uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
    if (uffd < 0) die("userfaultfd: %s", strerror(errno));
    struct uffdio_api api = { .api = UFFD_API };
    if (ioctl((int)uffd, UFFDIO_API, &api)) die("UFFDIO_API: %s", strerror(errno));
    // Place the buffer so that buf[stall] starts a page: everything before it is present,
    // everything from it on is missing and registered, so the fault-in stalls exactly there.
    long pad = (PAGE - stall % PAGE) % PAGE;
    region_len = (pad + len + PAGE - 1) / PAGE * PAGE;
    region = mmap(NULL, (size_t)region_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) die("mmap buffer: %s", strerror(errno));
    reg_start = pad + stall;
    memset(region, byte, (size_t)reg_start);
    struct uffdio_register reg = {
        .range = { (unsigned long)(region + reg_start), (unsigned long)(region_len - reg_start) },
        .mode = UFFDIO_REGISTER_MODE_MISSING };
    if (ioctl((int)uffd, UFFDIO_REGISTER, &reg)) die("UFFDIO_REGISTER: %s", strerror(errno));
    wbuf = region + pad;
    stall_byte = byte;
    wlen = len;
    woff = off;
}

static void await_fault(void) {
    struct pollfd p = { .fd = (int)uffd, .events = POLLIN };
    if (poll(&p, 1, 5000) != 1) die("the writer never faulted on its buffer");
    struct uffd_msg msg;
    if (read((int)uffd, &msg, sizeof msg) != sizeof msg || msg.event != UFFD_EVENT_PAGEFAULT)
        die("unexpected userfaultfd event");
    long at = (long)((char *)(unsigned long)msg.arg.pagefault.address - region);
    if (at / PAGE != reg_start / PAGE) die("the writer faulted at region byte %ld, not %ld", at, reg_start);
}

static void resolve(int fail, int byte) {
    if (fail) {
        // The retried fault finds no mapping: fault_in_iov_iter_readable() comes back short and
        // the copy stops at buf[stall].
        if (munmap(region + reg_start, (size_t)(region_len - reg_start))) die("munmap: %s", strerror(errno));
        struct uffdio_range wake = { (unsigned long)(region + reg_start), (unsigned long)(region_len - reg_start) };
        if (ioctl((int)uffd, UFFDIO_WAKE, &wake)) die("UFFDIO_WAKE: %s", strerror(errno));
    } else {
        long n = region_len - reg_start;
        char *src = mmap(NULL, (size_t)n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (src == MAP_FAILED) die("mmap source: %s", strerror(errno));
        memset(src, byte, (size_t)n);
        struct uffdio_copy copy = { .dst = (unsigned long)(region + reg_start), .src = (unsigned long)src,
                                    .len = (unsigned long)n, .mode = 0 };
        if (ioctl((int)uffd, UFFDIO_COPY, &copy) || copy.copy != n) die("UFFDIO_COPY: %s", strerror(errno));
        munmap(src, (size_t)n);
    }
}

/* The kernel function the second thread sleeps in ("0" when running), into buf. */
static void operator_wchan(char *buf, size_t size) {
    char file[64];
    snprintf(file, sizeof file, "/proc/self/task/%d/wchan", (int)operator_tid);
    snprintf(buf, size, "?");
    FILE *f = fopen(file, "r");
    if (!f) return;
    if (!fgets(buf, (int)size, f)) snprintf(buf, size, "?");
    fclose(f);
}

/* True for the functions XFS's i_rwsem waits show in wchan on this kernel: xfs_ilock() for
 * XFS_IOLOCK (read, write, O_DIRECT write), do_truncate() for the VFS inode_lock of ftruncate. */
static int waits_on_i_rwsem(const char *wchan) {
    return !strcmp(wchan, "xfs_ilock") || !strcmp(wchan, "do_truncate");
}

static void deadline_after_ms(struct timespec *ts, long ms) {
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) { ts->tv_sec++; ts->tv_nsec -= 1000000000L; }
}

static int parse(char *line, struct op *op) {
    memset(op, 0, sizeof *op);
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    snprintf(op->text, sizeof op->text, "%s", line);
    char *rest = NULL;
    char *name = strtok_r(line, " \t", &rest);
    if (!name) return 0;
    snprintf(op->name, sizeof op->name, "%s", name);
    long *args[3] = { &op->a, &op->b, &op->c };
    char *tok;
    if (!strcmp(op->name, "report") || !strcmp(op->name, "open") || !strcmp(op->name, "reopen")) {
        tok = strtok_r(NULL, " \t", &rest);
        if (!tok) usage("report/open needs an argument");
        snprintf(op->text, sizeof op->text, "%s", tok);
        return 1;
    }
    while ((tok = strtok_r(NULL, " \t", &rest))) {
        if (op->argc == 3) {
            if (!strcmp(op->name, "stall")) { /* fourth argument: the fill byte */
                char *end;
                long v = strtol(tok, &end, 10);
                if (*end) usage(tok);
                snprintf(op->text, sizeof op->text, "%ld", v);
                op->argc++;
                continue;
            }
            usage("too many arguments");
        }
        char *end;
        *args[op->argc++] = strtol(tok, &end, 10);
        if (*end) usage(tok);
    }
    return 1;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigbus;
    sigaction(SIGBUS, &sa, NULL);
    setvbuf(stdout, NULL, _IOLBF, 0);
    // One CPU for every thread: the stalled writer allocates its folios from the same per-CPU
    // free lists that a prime command filled.
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &one);
    if (sched_setaffinity(0, sizeof one, &one)) die("sched_setaffinity: %s", strerror(errno));

    char line[256];
    int index = 0;
    int stalled = 0;
    pthread_t wt, ot;
    struct op op;
    while (fgets(line, sizeof line, stdin)) {
        if (!parse(line, &op)) continue;
        if (!strcmp(op.name, "open") || !strcmp(op.name, "reopen")) {
            if (fd >= 0) usage("one file per run");
            snprintf(path, sizeof path, "%s", op.text);
            fd = open(path, op.name[0] == 'o' ? O_RDWR | O_CREAT | O_TRUNC : O_RDWR, 0644);
            if (fd < 0) die("open %s: %s", path, strerror(errno));
            continue;
        }
        if (fd < 0) usage("open must come first");
        if (!strcmp(op.name, "stall")) {
            if (stalled) usage("one stall per case");
            if (op.argc != 4) usage("stall OFF LEN STALL BYTE");
            start_stall(op.a, op.b, op.c, atoi(op.text));
            stalled = 1;
            during_first_index = index + 1;
            index++;
            if (pthread_create(&wt, NULL, writer, NULL)) die("pthread_create");
            await_fault();
            printf("stalled %ld %ld %ld\n", op.a, op.b, op.c);
            continue;
        }
        if (!strcmp(op.name, "fail") || !strcmp(op.name, "continue")) {
            if (stalled != 1) usage("fail/continue without stall");
            if (pthread_create(&ot, NULL, operator, NULL)) die("pthread_create");
            // An operation is blocked when its thread sleeps on i_rwsem (which the stalled writer
            // holds) for LOCK_WAIT_POLLS polls in a row, or is still running after
            // DURING_LIMIT_MS; a slow operation (writeback under load) is waited for.
            char wchan[128] = "";
            pthread_mutex_lock(&mu);
            for (int i = 0; i < n_during && blocked_from < 0; i++) {
                int lock_polls = 0;
                for (long waited = 0; during_done <= i; waited += POLL_MS) {
                    if (waited >= DURING_LIMIT_MS) { blocked_from = i; break; }
                    struct timespec ts;
                    deadline_after_ms(&ts, POLL_MS);
                    pthread_cond_timedwait(&cv, &mu, &ts);
                    if (during_done > i) break;
                    operator_wchan(wchan, sizeof wchan);
                    wchan[strcspn(wchan, "\n")] = 0;
                    lock_polls = waits_on_i_rwsem(wchan) ? lock_polls + 1 : 0;
                    if (lock_polls >= LOCK_WAIT_POLLS) { blocked_from = i; break; }
                }
            }
            int blocked = blocked_from;
            pthread_mutex_unlock(&mu);
            if (blocked >= 0) printf("blocked %d %s\n", during_first_index + blocked, wchan[0] ? wchan : "?");
            resolve(op.name[0] == 'f', stall_byte);
            pthread_join(wt, NULL);
            pthread_join(ot, NULL);
            printf("pwrite %zd %d\n", wret, werr);
            close((int)uffd);
            stalled = 2;
            continue;
        }
        if (stalled == 1) {
            if (n_during == MAX_OPS) usage("too many operations during the stall");
            during[n_during++] = op;
            index++;
            continue;
        }
        run_op(index++, &op, stalled ? "after" : "before");
    }
    if (stalled == 1) usage("stall without fail/continue");
    return 0;
}
