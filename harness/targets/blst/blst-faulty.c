/*
 * blst-faulty: the blst harness (blst-msm.c, included below) with one fault switched on by its
 * argument — native, fast targets that are wrong on purpose, for measuring how fast `fuzz
 * --target` catches each kind of bug (scripts/time-to-catch.ts) and how fast it runs on a native
 * `cmd:` target (scripts/fuzz-throughput.ts). Without an argument, or with `correct`, it is
 * blst-msm itself.
 *
 *   blst-faulty <fault> [k]
 *
 *   correct               no fault
 *   drop-top-bit          clears bit 255 of every scalar (an MSM that assumes 255-bit scalars)
 *   no-subgroup-check     accepts points on the curve outside the subgroup
 *   crash-on-infinity     exits (code 3) on a point at infinity
 *   hang                  never answers a request that has a zero scalar
 *   equal-points          wrong when two items have the same point (the second one is dropped,
 *                         as a batch addition that computes P + P with the addition formula)
 *   g2-only               a G2 result comes out negated; G1 is right
 *   n-above <k>           the last item is dropped when n >= 2^k + 1 (default k = 10)
 *   rejects-scalar-ge-r   rejects a scalar >= r as out of range (EIP-2537 takes any 256-bit
 *                         scalar: s*P = (s mod r)*P)
 *
 * Built like the blst target (harness/targets/blst/index.ts, buildBlst with this source).
 */
#include "blst.h"

static int no_subgroup_check = 0;
/* Function-like macros: the calls inside blst-msm.c go through the switch (not re-expanded). */
#define blst_p1_affine_in_g1(p) (no_subgroup_check || blst_p1_affine_in_g1(p))
#define blst_p2_affine_in_g2(p) (no_subgroup_check || blst_p2_affine_in_g2(p))
#define main blst_msm_main
#include "blst-msm.c"
#undef main

enum fault { CORRECT, DROP_TOP_BIT, NO_SUBGROUP_CHECK, CRASH_ON_INFINITY, HANG, EQUAL_POINTS, G2_ONLY, N_ABOVE, REJECTS_SCALAR_GE_R };
static const char *const FAULTS[] = {"correct", "drop-top-bit", "no-subgroup-check", "crash-on-infinity", "hang",
                                     "equal-points", "g2-only", "n-above", "rejects-scalar-ge-r"};
static enum fault fault = CORRECT;
static size_t n_above = (size_t)1 << 10;

/* The group order r, big-endian. */
static const byte R_BE[SCALAR_BYTES] = {
    0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8, 0x05,
    0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
};

static size_t point_len;
static const byte *sort_base;
static size_t sort_item;

static int by_point(const void *a, const void *b)
{
    return memcmp(sort_base + *(const size_t *)a * sort_item, sort_base + *(const size_t *)b * sort_item, point_len);
}

/* equal-points: the scalar of every repeat of a (finite) point is zeroed. */
static void drop_repeats(byte *in, size_t k, size_t item, size_t plen)
{
    size_t *idx = malloc(k * sizeof *idx);
    if (idx == NULL) return;
    for (size_t i = 0; i < k; i++) idx[i] = i;
    sort_base = in, sort_item = item, point_len = plen;
    qsort(idx, k, sizeof *idx, by_point);
    for (size_t i = 1; i < k; i++) {
        const byte *p = in + idx[i] * item;
        if (!all_zero(p, plen) && memcmp(p, in + idx[i - 1] * item, plen) == 0) memset(in + idx[i] * item + plen, 0, SCALAR_BYTES);
    }
    free(idx);
}

/* y -> p - y on a 64-byte padded big-endian coordinate (0 stays 0). */
static void negate_fp(byte *c)
{
    if (all_zero(c, FP_PADDED)) return;
    int borrow = 0;
    for (int i = FP_BYTES - 1; i >= 0; i--) {
        int d = P_BE[i] - c[FP_PADDED - FP_BYTES + i] - borrow;
        borrow = d < 0;
        c[FP_PADDED - FP_BYTES + i] = (byte)(d + (borrow ? 256 : 0));
    }
}

static void handle_faulty(const char *line, size_t len)
{
    int g2 = 0, ok = 0;
    size_t k = 0;
    byte out[G2_POINT];
    byte *in = parse_request(line, len, &g2, &k);

    if (in != NULL) {
        size_t item = g2 ? G2_ITEM : G1_ITEM, plen = g2 ? G2_POINT : G1_POINT;
        for (size_t i = 0; i < k; i++) {
            byte *p = in + i * item, *s = p + plen;
            if (fault == DROP_TOP_BIT) s[0] &= 0x7f;
            if (fault == CRASH_ON_INFINITY && all_zero(p, plen)) {
                fprintf(stderr, "blst-faulty: cannot handle the point at infinity (item %zu)\n", i);
                exit(3);
            }
            if (fault == HANG && all_zero(s, SCALAR_BYTES)) {
                free(in);
                return; /* no reply: the harness times out */
            }
            if (fault == REJECTS_SCALAR_GE_R && memcmp(s, R_BE, SCALAR_BYTES) >= 0) {
                free(in);
                snprintf(err_msg, sizeof err_msg, "item %zu: scalar is not below the group order r", i);
                reply_error(err_msg);
                return;
            }
        }
        if (fault == EQUAL_POINTS) drop_repeats(in, k, item, plen);
        if (fault == N_ABOVE && k >= n_above + 1) k--;
        ok = g2 ? msm_g2(out, in, k) : msm_g1(out, in, k);
        if (ok && fault == G2_ONLY && g2) {
            negate_fp(out + 2 * FP_PADDED);
            negate_fp(out + 3 * FP_PADDED);
        }
        free(in);
    }
    if (ok) reply_hex(out, g2 ? G2_POINT : G1_POINT);
    else reply_error(err_msg);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        size_t f = 0, count = sizeof FAULTS / sizeof *FAULTS;
        while (f < count && strcmp(argv[1], FAULTS[f]) != 0) f++;
        if (f == count) {
            fprintf(stderr, "blst-faulty: unknown fault \"%s\"\n", argv[1]);
            return 2;
        }
        fault = (enum fault)f;
        if (fault == N_ABOVE && argc > 2) n_above = (size_t)1 << atoi(argv[2]);
    }
    no_subgroup_check = fault == NO_SUBGROUP_CHECK;

    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) != -1) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
        handle_faulty(line, (size_t)len);
    }
    free(line);
    return 0;
}
