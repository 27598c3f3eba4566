/*
 * blst-msm: the `blst` target of stepwise-msm, and the worked example of a harness in C.
 *
 * It speaks the target line protocol (docs/targets.md) on stdin/stdout:
 *
 *   request:  "g1 <hex>\n"  or  "g2 <hex>\n"
 *             where <hex> is exactly the EIP-2537 MSM precompile input:
 *               G1: k x 160 bytes = 128-byte padded point || 32-byte big-endian scalar
 *               G2: k x 288 bytes = 256-byte padded point || 32-byte big-endian scalar
 *   reply:    "<hex>\n"            the 128-byte (G1) or 256-byte (G2) encoded result, or
 *             "error <message>\n"  when the input is invalid (the precompile would fail).
 *
 * One request line gives exactly one reply line, flushed at once; the harness sends the next
 * request only after it read the reply. The process lives for many requests: it exits at the
 * end of its input.
 *
 * The structure is what any harness needs, whatever the library behind it:
 *   1. read a line (getline: a 4096-point G2 request is about 2.4 MB of hex);
 *   2. decode and check every item with EIP-2537's rules, in this order for each item:
 *      padding bytes zero, each coordinate < p, all-zero point = infinity, on the curve,
 *      in the subgroup; reject with "error item <i>: <rule>" at the first broken rule;
 *   3. run the library's MSM (here blst's Pippenger) on the decoded points and scalars;
 *   4. encode the result (infinity = all zeros) and write it as one hex line.
 *
 * Build (what harness/targets/blst/index.ts runs; <blst> = node_modules/c-kzg/deps/blst):
 *   cc -O2 -fno-builtin -D__BLST_PORTABLE__ -I<blst>/bindings -o blst-msm blst-msm.c \
 *      <blst>/src/server.c <blst>/build/assembly.S
 * (c-kzg's flags: __BLST_PORTABLE__ picks the ADX/mulx code at run time; on platforms other than
 * x86-64 and AArch64 add -D__BLST_NO_ASM__, as blst's build.sh does).
 */
#define _POSIX_C_SOURCE 200809L /* getline */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "blst.h"

/* ---- EIP-2537 sizes ---------------------------------------------------------------------- */

enum {
    FP_BYTES = 48,        /* a base-field element, big-endian */
    FP_PADDED = 64,       /* EIP-2537 encodes it on 64 bytes: 16 zero bytes, then the 48 */
    SCALAR_BYTES = 32,    /* a big-endian 256-bit scalar, NOT reduced mod r by the caller */
    G1_POINT = 2 * FP_PADDED,                 /* x, y                         = 128 bytes */
    G2_POINT = 4 * FP_PADDED,                 /* x.c0, x.c1, y.c0, y.c1       = 256 bytes */
    G1_ITEM = G1_POINT + SCALAR_BYTES,        /* 160 bytes */
    G2_ITEM = G2_POINT + SCALAR_BYTES,        /* 288 bytes */
};

/* The BLS12-381 base-field modulus p, big-endian. A coordinate must be < p. */
static const byte P_BE[FP_BYTES] = {
    0x1a, 0x01, 0x11, 0xea, 0x39, 0x7f, 0xe6, 0x9a, 0x4b, 0x1b, 0xa7, 0xb6,
    0x43, 0x4b, 0xac, 0xd7, 0x64, 0x77, 0x4b, 0x84, 0xf3, 0x85, 0x12, 0xbf,
    0x67, 0x30, 0xd2, 0xa0, 0xf6, 0xb0, 0xf6, 0x24, 0x1e, 0xab, 0xff, 0xfe,
    0xb1, 0x53, 0xff, 0xff, 0xb9, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xaa, 0xab,
};

/* ---- replies ----------------------------------------------------------------------------- */

/* The error message of the current request (a reply is "error " + this). */
static char err_msg[160];

static int fail(size_t item, const char *rule)
{
    snprintf(err_msg, sizeof err_msg, "item %zu: %s", item, rule);
    return 0;
}

static void reply_error(const char *msg)
{
    printf("error %s\n", msg);
    fflush(stdout);
}

static void reply_hex(const byte *bytes, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        putchar(digits[bytes[i] >> 4]);
        putchar(digits[bytes[i] & 15]);
    }
    putchar('\n');
    fflush(stdout);
}

/* ---- decoding ---------------------------------------------------------------------------- */

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes 2*len hex digits into out; 0 on a non-hex character. */
static int hex_decode(byte *out, const char *hex, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return 0;
        out[i] = (byte)(hi << 4 | lo);
    }
    return 1;
}

static int all_zero(const byte *b, size_t len)
{
    byte acc = 0;
    for (size_t i = 0; i < len; i++) acc |= b[i];
    return acc == 0;
}

/*
 * One padded field element: 16 zero bytes, then 48 big-endian bytes < p. blst's
 * blst_fp_from_bendian does not range-check (it would silently reduce a value >= p), so the
 * comparison against p is done here on the bytes: memcmp of equal-length big-endian numbers
 * orders them numerically.
 */
static int decode_fp(blst_fp *out, const byte in[FP_PADDED], size_t item, const char *name)
{
    static char rule[64];
    if (!all_zero(in, FP_PADDED - FP_BYTES)) {
        snprintf(rule, sizeof rule, "nonzero padding bytes in %s", name);
        return fail(item, rule);
    }
    if (memcmp(in + FP_PADDED - FP_BYTES, P_BE, FP_BYTES) >= 0) {
        snprintf(rule, sizeof rule, "%s is not below the field modulus p", name);
        return fail(item, rule);
    }
    blst_fp_from_bendian(out, in + FP_PADDED - FP_BYTES);
    return 1;
}

/*
 * A G1 point: x, y. All 128 bytes zero is the point at infinity, which blst's affine form
 * also writes as (0, 0); (0, 0) is not on the curve y^2 = x^3 + 4, so no valid point is
 * mistaken for it. Every other point must be on the curve and in the r-order subgroup
 * (EIP-2537 requires the subgroup check for MSM inputs).
 */
static int decode_g1(blst_p1_affine *out, const byte in[G1_POINT], size_t item)
{
    if (!decode_fp(&out->x, in, item, "x") || !decode_fp(&out->y, in + FP_PADDED, item, "y"))
        return 0;
    if (all_zero(in, G1_POINT)) return 1; /* infinity: (0, 0) in blst's affine form */
    if (!blst_p1_affine_on_curve(out)) return fail(item, "point is not on the G1 curve");
    if (!blst_p1_affine_in_g1(out)) return fail(item, "point is not in the G1 subgroup");
    return 1;
}

/* A G2 point: x, y in Fp2, each written c0 then c1 (EIP-2537's order; blst's fp[0] is c0). */
static int decode_g2(blst_p2_affine *out, const byte in[G2_POINT], size_t item)
{
    if (!decode_fp(&out->x.fp[0], in, item, "x.c0") ||
        !decode_fp(&out->x.fp[1], in + FP_PADDED, item, "x.c1") ||
        !decode_fp(&out->y.fp[0], in + 2 * FP_PADDED, item, "y.c0") ||
        !decode_fp(&out->y.fp[1], in + 3 * FP_PADDED, item, "y.c1"))
        return 0;
    if (all_zero(in, G2_POINT)) return 1;
    if (!blst_p2_affine_on_curve(out)) return fail(item, "point is not on the G2 curve");
    if (!blst_p2_affine_in_g2(out)) return fail(item, "point is not in the G2 subgroup");
    return 1;
}

/* ---- encoding ---------------------------------------------------------------------------- */

/* Writes an Fp element on 64 bytes: 16 zero bytes, then 48 big-endian bytes. */
static void encode_fp(byte out[FP_PADDED], const blst_fp *a)
{
    memset(out, 0, FP_PADDED - FP_BYTES);
    blst_bendian_from_fp(out + FP_PADDED - FP_BYTES, a);
}

static void encode_g1(byte out[G1_POINT], const blst_p1 *p)
{
    blst_p1_affine a;
    memset(out, 0, G1_POINT); /* infinity encodes as all zeros */
    if (blst_p1_is_inf(p)) return;
    blst_p1_to_affine(&a, p);
    encode_fp(out, &a.x);
    encode_fp(out + FP_PADDED, &a.y);
}

static void encode_g2(byte out[G2_POINT], const blst_p2 *p)
{
    blst_p2_affine a;
    memset(out, 0, G2_POINT);
    if (blst_p2_is_inf(p)) return;
    blst_p2_to_affine(&a, p);
    encode_fp(out, &a.x.fp[0]);
    encode_fp(out + FP_PADDED, &a.x.fp[1]);
    encode_fp(out + 2 * FP_PADDED, &a.y.fp[0]);
    encode_fp(out + 3 * FP_PADDED, &a.y.fp[1]);
}

/* ---- the MSM ----------------------------------------------------------------------------- */

/*
 * Which items go to blst's Pippenger. blst_p{1,2}s_mult_pippenger must not see the point at
 * infinity: for up to 64 points it runs a 4-bit precomputed-table method whose batched
 * normalization multiplies the Z of every table entry together and inverts the product once;
 * the doubled infinity has Z = 0, which zeroes the product and with it the table of every point
 * in the batch, so the sum comes out wrong (measured: 2 points, one of them infinity, gives a
 * wrong result; c-kzg filters infinity points before this call for the same reason). An
 * infinity item adds nothing to the sum, so it is left out; when nothing is left, the result
 * is infinity.
 *
 * Nothing else needs care (checked against the reference by properties/targets/blst.test.ts):
 * zero scalars are fine, and scalars >= r (up to 2^256 - 1) are passed as they are with
 * nbits = 256: blst's windows cover all 256 bits, and s*P = (s mod r)*P for a subgroup point.
 */
static int keep_item(const byte *point, size_t point_len)
{
    return !all_zero(point, point_len);
}

/* Handles one G1 request of k items (already hex-decoded). Returns 0 with err_msg set. */
static int msm_g1(byte out[G1_POINT], const byte *in, size_t k)
{
    blst_p1_affine *points = malloc(k * sizeof *points);
    blst_scalar *scalars = malloc(k * sizeof *scalars);
    size_t n = 0;
    int ok = points != NULL && scalars != NULL;
    if (!ok) snprintf(err_msg, sizeof err_msg, "out of memory for %zu items", k);

    for (size_t i = 0; ok && i < k; i++) {
        const byte *item = in + i * G1_ITEM;
        ok = decode_g1(&points[n], item, i); /* every item is checked, kept or not */
        if (ok && keep_item(item, G1_POINT)) {
            blst_scalar_from_bendian(&scalars[n], item + G1_POINT); /* blst wants little-endian */
            n++;
        }
    }

    if (ok) {
        blst_p1 sum;
        memset(&sum, 0, sizeof sum); /* Z = 0: infinity */
        if (n > 0) {
            /* Pointer arrays {array, NULL} mean "one contiguous array" to blst. */
            const blst_p1_affine *point_ptrs[2] = {points, NULL};
            const byte *scalar_ptrs[2] = {scalars[0].b, NULL};
            limb_t *scratch = malloc(blst_p1s_mult_pippenger_scratch_sizeof(n));
            if (scratch == NULL) {
                snprintf(err_msg, sizeof err_msg, "out of memory for %zu items", k);
                ok = 0;
            } else {
                blst_p1s_mult_pippenger(&sum, point_ptrs, n, scalar_ptrs, 256, scratch);
                free(scratch);
            }
        }
        if (ok) encode_g1(out, &sum);
    }
    free(points);
    free(scalars);
    return ok;
}

/* The same for G2. */
static int msm_g2(byte out[G2_POINT], const byte *in, size_t k)
{
    blst_p2_affine *points = malloc(k * sizeof *points);
    blst_scalar *scalars = malloc(k * sizeof *scalars);
    size_t n = 0;
    int ok = points != NULL && scalars != NULL;
    if (!ok) snprintf(err_msg, sizeof err_msg, "out of memory for %zu items", k);

    for (size_t i = 0; ok && i < k; i++) {
        const byte *item = in + i * G2_ITEM;
        ok = decode_g2(&points[n], item, i);
        if (ok && keep_item(item, G2_POINT)) {
            blst_scalar_from_bendian(&scalars[n], item + G2_POINT);
            n++;
        }
    }

    if (ok) {
        blst_p2 sum;
        memset(&sum, 0, sizeof sum);
        if (n > 0) {
            const blst_p2_affine *point_ptrs[2] = {points, NULL};
            const byte *scalar_ptrs[2] = {scalars[0].b, NULL};
            limb_t *scratch = malloc(blst_p2s_mult_pippenger_scratch_sizeof(n));
            if (scratch == NULL) {
                snprintf(err_msg, sizeof err_msg, "out of memory for %zu items", k);
                ok = 0;
            } else {
                blst_p2s_mult_pippenger(&sum, point_ptrs, n, scalar_ptrs, 256, scratch);
                free(scratch);
            }
        }
        if (ok) encode_g2(out, &sum);
    }
    free(points);
    free(scalars);
    return ok;
}

/* ---- the request loop -------------------------------------------------------------------- */

/*
 * Checks the framing of one request line (without its newline) and hex-decodes it. Returns the
 * input bytes (the caller frees them) with *g2 and *k set, or NULL with err_msg set.
 */
static byte *parse_request(const char *line, size_t len, int *g2, size_t *k)
{
    if (len >= 3 && memcmp(line, "g1 ", 3) == 0) *g2 = 0;
    else if (len >= 3 && memcmp(line, "g2 ", 3) == 0) *g2 = 1;
    else {
        snprintf(err_msg, sizeof err_msg, "bad request: expected \"g1 <hex>\" or \"g2 <hex>\"");
        return NULL;
    }

    const char *hex = line + 3;
    size_t hex_len = len - 3, bytes = hex_len / 2;
    size_t item_size = *g2 ? G2_ITEM : G1_ITEM;
    if (hex_len % 2 != 0) {
        snprintf(err_msg, sizeof err_msg, "bad request: odd number of hex digits");
        return NULL;
    }
    if (bytes == 0) {
        snprintf(err_msg, sizeof err_msg, "empty input: EIP-2537 MSM needs k >= 1 items");
        return NULL;
    }
    if (bytes % item_size != 0) {
        snprintf(err_msg, sizeof err_msg,
                 "input length %zu is not a multiple of the item size %zu", bytes, item_size);
        return NULL;
    }

    byte *in = malloc(bytes);
    if (in == NULL) {
        snprintf(err_msg, sizeof err_msg, "out of memory for the input");
        return NULL;
    }
    if (!hex_decode(in, hex, bytes)) {
        free(in);
        snprintf(err_msg, sizeof err_msg, "bad request: non-hex character");
        return NULL;
    }
    *k = bytes / item_size;
    return in;
}

/* Handles one request line and writes its one reply line. */
static void handle(const char *line, size_t len)
{
    int g2 = 0, ok = 0;
    size_t k = 0;
    byte out[G2_POINT];
    byte *in = parse_request(line, len, &g2, &k);

    if (in != NULL) {
        ok = g2 ? msm_g2(out, in, k) : msm_g1(out, in, k);
        free(in);
    }
    if (ok) reply_hex(out, g2 ? G2_POINT : G1_POINT);
    else reply_error(err_msg);
}

int main(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;

    while ((len = getline(&line, &cap, stdin)) != -1) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
        handle(line, (size_t)len);
    }
    free(line);
    return 0;
}
