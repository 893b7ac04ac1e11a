/* semihost.c: Arm semihosting for aotc's QEMU firmware: console output, exit status, and the newlib syscalls. */
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>

#define SYS_OPEN 0x01
#define SYS_WRITE 0x05
#define SYS_EXIT 0x18
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static int sh_call(int op, void *arg) {
    register int r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* SYS_EXIT_EXTENDED passes the status to qemu's exit code on 32-bit Arm; plain SYS_EXIT is the fallback. */
__attribute__((noreturn)) void sh_exit(int code) {
    uint32_t blk[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code};
    sh_call(SYS_EXIT_EXTENDED, blk);
    sh_call(SYS_EXIT, (void *)ADP_STOPPED_APPLICATION_EXIT);
    for (;;) {
    }
}

/* Write `len` bytes to the host console (":tt" opened for writing once). Returns the bytes written. */
int sh_write(const void *buf, uint32_t len) {
    static int handle = -1;
    if (handle < 0) {
        uint32_t open_blk[3] = {(uint32_t)(uintptr_t)":tt", 4 /* "w" */, 3};
        handle = sh_call(SYS_OPEN, open_blk);
        if (handle < 0) return -1;
    }
    uint32_t blk[3] = {(uint32_t)handle, (uint32_t)(uintptr_t)buf, len};
    return (int)len - sh_call(SYS_WRITE, blk);
}

/* errno without newlib's reentrancy struct: libm's error paths (expf overflow ...) set errno through __errno();
 * newlib's own __errno would pull in _impure_ptr and its 1 KiB impure_data into RAM. */
int *__errno(void) {
    static int err;
    return &err;
}

/* newlib syscalls: only what libc/libm may reference (errno, abort paths); no files, no heap beyond the RAM end. */
extern char __heap_start[], __heap_limit[];

int _write(int fd, const char *buf, int len) { (void)fd; return sh_write(buf, (uint32_t)len); }
int _read(int fd, char *buf, int len) { (void)fd; (void)buf; (void)len; return 0; }
int _close(int fd) { (void)fd; return -1; }
int _lseek(int fd, int off, int whence) { (void)fd; (void)off; (void)whence; return 0; }
int _fstat(int fd, struct stat *st) { (void)fd; st->st_mode = S_IFCHR; return 0; }
int _isatty(int fd) { (void)fd; return 1; }
int _getpid(void) { return 1; }
int _kill(int pid, int sig) { (void)pid; (void)sig; errno = EINVAL; return -1; }
void _exit(int code) { sh_exit(code); }

void *_sbrk(int incr) {
    static char *brk = __heap_start;
    char *prev = brk;
    if (incr < 0 || brk + incr > __heap_limit) { errno = ENOMEM; return (void *)-1; }
    brk += incr;
    return prev;
}
