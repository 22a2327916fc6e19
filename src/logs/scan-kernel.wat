;; The log scanner's two byte loops that JavaScript cannot make fast, written with WebAssembly SIMD:
;; counting line breaks, and finding where any of up to eight 3-byte anchors occurs (the short
;; literals' prefilter). Each looks at 16 bytes per step with no branch per byte.
;;
;; scan-kernel.wasm is built from this file by `npm run build:kernel`; a unit test compiles it again
;; and fails when the two differ. The memory layout belongs to scan-arena.ts: bytes 0-15 are scratch,
;; the anchor tables and the output live where the caller says, and every read may run up to 18 bytes
;; past the range it was given, which the caller keeps mapped.
(module
  (memory (export "memory") 18)

  ;; Line breaks in [from, to). Per-byte counters add up 255 blocks at most before they are summed,
  ;; so they never wrap.
  (func (export "count_newlines") (param $from i32) (param $to i32) (result i32)
    (local $at i32) (local $blocksEnd i32) (local $round i32) (local $total i32)
    (local $counts v128) (local $newline v128) (local $wide v128)
    (local.set $newline (i8x16.splat (i32.const 10)))
    (local.set $blocksEnd (i32.sub (local.get $to) (i32.and (i32.sub (local.get $to) (local.get $from)) (i32.const 15))))
    (local.set $at (local.get $from))
    (block $blocksDone
      (loop $batch
        (br_if $blocksDone (i32.ge_u (local.get $at) (local.get $blocksEnd)))
        (local.set $counts (v128.const i64x2 0 0))
        (local.set $round (i32.const 0))
        (block $batchDone
          (loop $block
            (br_if $batchDone (i32.ge_u (local.get $at) (local.get $blocksEnd)))
            (br_if $batchDone (i32.eq (local.get $round) (i32.const 255)))
            ;; A match is 0xff, which is -1: subtracting it adds one.
            (local.set $counts (i8x16.sub (local.get $counts) (i8x16.eq (v128.load (local.get $at)) (local.get $newline))))
            (local.set $at (i32.add (local.get $at) (i32.const 16)))
            (local.set $round (i32.add (local.get $round) (i32.const 1)))
            (br $block)))
        (local.set $wide (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $counts))))
        (local.set $total
          (i32.add (local.get $total)
            (i32.add
              (i32.add (i32x4.extract_lane 0 (local.get $wide)) (i32x4.extract_lane 1 (local.get $wide)))
              (i32.add (i32x4.extract_lane 2 (local.get $wide)) (i32x4.extract_lane 3 (local.get $wide))))))
        (br $batch)))
    (block $tailDone
      (loop $byte
        (br_if $tailDone (i32.ge_u (local.get $at) (local.get $to)))
        (local.set $total (i32.add (local.get $total) (i32.eq (i32.load8_u (local.get $at)) (i32.const 10))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $byte)))
    (local.get $total))

  ;; Every position p in [from, to) where bucket k's three bytes are at p, p+1 and p+2, for some k:
  ;; writes p and the bits of those buckets as two i32 at `out`, in ascending p, and returns where
  ;; the output ends. `tables` holds six 16-byte tables: low and high nibbles for byte 0, 1 and 2.
  ;; The output needs room for 8 bytes per position of the range.
  ;;
  ;; A bucket holds one byte value per position, split into its low and high nibble, so each pair of
  ;; table lookups is exact (the "shufti" technique). The lookups are written out three times: V8
  ;; does not inline a function called in the loop, and calling one cost more than the lookups.
  (func (export "find_anchors") (param $from i32) (param $to i32) (param $tables i32) (param $out i32) (result i32)
    (local $at i32) (local $lanes i32) (local $lane i32) (local $hits v128) (local $bytes v128) (local $nibble v128)
    (local $low0 v128) (local $high0 v128) (local $low1 v128) (local $high1 v128) (local $low2 v128) (local $high2 v128)
    (local.set $low0 (v128.load offset=0 (local.get $tables)))
    (local.set $high0 (v128.load offset=16 (local.get $tables)))
    (local.set $low1 (v128.load offset=32 (local.get $tables)))
    (local.set $high1 (v128.load offset=48 (local.get $tables)))
    (local.set $low2 (v128.load offset=64 (local.get $tables)))
    (local.set $high2 (v128.load offset=80 (local.get $tables)))
    (local.set $nibble (i8x16.splat (i32.const 15)))
    (local.set $at (local.get $from))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $at) (local.get $to)))
        (local.set $hits
          (v128.and
            (v128.and
            (v128.and
              (i8x16.swizzle (local.get $low0) (v128.and (local.tee $bytes (v128.load offset=0 (local.get $at))) (local.get $nibble)))
              (i8x16.swizzle (local.get $high0) (i8x16.shr_u (local.get $bytes) (i32.const 4))))
            (v128.and
              (i8x16.swizzle (local.get $low1) (v128.and (local.tee $bytes (v128.load offset=1 (local.get $at))) (local.get $nibble)))
              (i8x16.swizzle (local.get $high1) (i8x16.shr_u (local.get $bytes) (i32.const 4)))))
          (v128.and
            (i8x16.swizzle (local.get $low2) (v128.and (local.tee $bytes (v128.load offset=2 (local.get $at))) (local.get $nibble)))
            (i8x16.swizzle (local.get $high2) (i8x16.shr_u (local.get $bytes) (i32.const 4))))))
        (local.set $lanes (i8x16.bitmask (i8x16.ne (local.get $hits) (v128.const i64x2 0 0))))
        ;; The last block may reach past `to`: positions there belong to the next call.
        (if (i32.lt_u (i32.sub (local.get $to) (local.get $at)) (i32.const 16))
          (then
            (local.set $lanes
              (i32.and (local.get $lanes)
                (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $to) (local.get $at))) (i32.const 1))))))
        (if (local.get $lanes)
          (then
            (v128.store (i32.const 0) (local.get $hits))
            (loop $hit
              (local.set $lane (i32.ctz (local.get $lanes)))
              (i32.store (local.get $out) (i32.add (local.get $at) (local.get $lane)))
              (i32.store offset=4 (local.get $out) (i32.load8_u (local.get $lane)))
              (local.set $out (i32.add (local.get $out) (i32.const 8)))
              (local.set $lanes (i32.and (local.get $lanes) (i32.sub (local.get $lanes) (i32.const 1))))
              (br_if $hit (local.get $lanes)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $block)))
    (local.get $out))
)
