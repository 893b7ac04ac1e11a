/* insncount.c: QEMU TCG plugin (API v1, QEMU 7.2) counting executed guest instructions,
 * in total and between two marker functions. Works in qemu-system-arm and qemu-user.
 *   -plugin build/insncount.so,begin=bench_begin,end=bench_end[,out=FILE]
 * begin/end: symbol names (QEMU looks them up in the ELF symtab) or 0x addresses.
 * region = instructions from entry of `begin` to entry of `end`, summed over pairs; also printed per pair
 * (the first MAX_PAIRS pairs) so a harness can subtract an empty calibration pair.
 * Exact: an inline add per executed instruction. Single vCPU assumed.
 * Declares only the API entry points it uses, so no qemu-plugin.h is needed. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct {
    const char *target_name;
    struct { int min, cur; } version;
    bool system_emulation;
    union { struct { int smp_vcpus, max_vcpus; } system; };
} qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum { QEMU_PLUGIN_CB_NO_REGS = 0 };
enum { QEMU_PLUGIN_INLINE_ADD_U64 = 0 };
typedef void (*vcpu_udata_cb)(unsigned int vcpu, void *udata);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t, void (*)(qemu_plugin_id_t, struct qemu_plugin_tb *));
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *, vcpu_udata_cb, int flags, void *udata);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *, int op, void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *);
const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t, void (*)(qemu_plugin_id_t, void *), void *udata);
#define EXPORT __attribute__((visibility("default")))
EXPORT int qemu_plugin_version = 1;

static uint64_t total, region, snap, entries;
static bool inside;
static const char *begin_sym = "bench_begin", *end_sym = "bench_end", *out_path;
static uint64_t begin_addr = UINT64_MAX, end_addr = UINT64_MAX;
#define MAX_PAIRS 1024
static uint64_t pairs[MAX_PAIRS];

/* insn_symbol() names the function containing an insn, so every insn of a marker
 * function matches; only the first one executed (the entry) acts. */
static void on_begin(unsigned int v, void *u) { (void)v; (void)u; if (!inside) { snap = total; inside = true; } }
static void on_end(unsigned int v, void *u) {
    (void)v; (void)u;
    if (inside) {
        if (entries < MAX_PAIRS) pairs[entries] = total - snap;
        region += total - snap; entries++; inside = false;
    }
}
static bool is_marker(struct qemu_plugin_insn *insn, const char *sym, uint64_t addr) {
    if (addr != UINT64_MAX) return qemu_plugin_insn_vaddr(insn) == addr;
    const char *s = qemu_plugin_insn_symbol(insn);
    return s && strcmp(s, sym) == 0;
}
static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    (void)id;
    for (size_t i = 0, n = qemu_plugin_tb_n_insns(tb); i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (is_marker(insn, begin_sym, begin_addr))
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_begin, QEMU_PLUGIN_CB_NO_REGS, NULL);
        if (is_marker(insn, end_sym, end_addr))
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_end, QEMU_PLUGIN_CB_NO_REGS, NULL);
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &total, 1);
    }
}
static void at_exit(qemu_plugin_id_t id, void *u) {
    (void)id; (void)u;
    FILE *f = out_path ? fopen(out_path, "w") : NULL;
    fprintf(f ? f : stderr, "insncount: total=%" PRIu64 " region=%" PRIu64 " entries=%" PRIu64 "\n",
            total, region, entries);
    for (uint64_t i = 0; i < entries && i < MAX_PAIRS; i++) fprintf(f ? f : stderr, "insncount: pair %" PRIu64 " %" PRIu64 "\n", i, pairs[i]);
    if (f) fclose(f);
}
EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    (void)info;
    for (int i = 0; i < argc; i++) {
        char *k = argv[i], *v = strchr(k, '=');
        if (!v) continue;
        *v++ = 0;
        bool hex = strncmp(v, "0x", 2) == 0;
        if (!strcmp(k, "begin")) { if (hex) begin_addr = strtoull(v, NULL, 16) & ~1ull; else begin_sym = v; }
        else if (!strcmp(k, "end")) { if (hex) end_addr = strtoull(v, NULL, 16) & ~1ull; else end_sym = v; }
        else if (!strcmp(k, "out")) out_path = v;
        else { fprintf(stderr, "insncount: unknown option %s\n", k); return -1; }
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
