;; The log scanner's byte loops, where JavaScript is slow or costly to optimize: counting line
;; breaks, the shift-table scan for the catalog's longer literals (Wu-Manber, 3-byte blocks), and the
;; search for the short literals through their 3-byte anchors (WebAssembly SIMD, 16 bytes a step).
;; Each finds literal starts and checks them in full, so JavaScript gets only real occurrences.
;;
;; scan-kernel.wasm is built from this file by `npm run build:kernel`; a unit test compiles it again
;; and fails when the two differ. Addresses are absolute; scan-arena.ts owns the memory layout and
;; literal-tables.ts the tables' layout (described at each function). Reads may run up to 18 bytes
;; past `bufEnd`, which the caller keeps mapped; no literal is ever matched beyond it.
(module
  (memory (export "memory") 33)

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

  ;; Whether the `length` bytes at `literal` are at `at`, wholly before `bufEnd`.
  (func $bytesAt (param $at i32) (param $literal i32) (param $length i32) (param $bufEnd i32) (result i32)
    (local $k i32)
    (if (i32.gt_u (i32.add (local.get $at) (local.get $length)) (local.get $bufEnd)) (then (return (i32.const 0))))
    (block $differs
      (loop $byte
        (br_if $differs (i32.ge_u (local.get $k) (local.get $length)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $at) (local.get $k))) (i32.load8_u (i32.add (local.get $literal) (local.get $k))))
          (then (return (i32.const 0))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $byte)))
    (i32.const 1))

  ;; Whether a literal of the shift table starts at `start`, whose block (ending `window` - 1 bytes
  ;; after it) is `block`. The table: 65536 shift bytes, then per block the address of its candidate
  ;; list (0: none); a list is (address, length) pairs of literals, ended by address 0.
  (func $tableLiteralAt (param $start i32) (param $table i32) (param $block i32) (param $bufEnd i32) (result i32)
    (local $entry i32)
    (local.set $entry (i32.load offset=65536 (i32.add (local.get $table) (i32.shl (local.get $block) (i32.const 2)))))
    (if (i32.eqz (local.get $entry)) (then (return (i32.const 0))))
    (block $none
      (loop $next
        (br_if $none (i32.eqz (i32.load (local.get $entry))))
        (if (call $bytesAt (local.get $start) (i32.load (local.get $entry)) (i32.load offset=4 (local.get $entry)) (local.get $bufEnd))
          (then (return (i32.const 1))))
        (local.set $entry (i32.add (local.get $entry) (i32.const 8)))
        (br $next)))
    (i32.const 0))

  ;; Starts in [from, to) of the shift table's literals, ascending, written as i32 from `out`;
  ;; returns where the output ends. `window` is the table's shortest literal.
  (func $scanTable (export "scan_table") (param $from i32) (param $to i32) (param $bufEnd i32) (param $window i32) (param $table i32) (param $out i32) (result i32)
    (local $end i32) (local $limit i32) (local $back i32) (local $word i32) (local $block i32) (local $shift i32)
    (local.set $back (i32.sub (local.get $window) (i32.const 1)))
    (local.set $limit (i32.add (local.get $to) (local.get $back)))
    (if (i32.gt_u (local.get $limit) (local.get $bufEnd)) (then (local.set $limit (local.get $bufEnd))))
    (local.set $end (i32.add (local.get $from) (local.get $back)))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $end) (local.get $limit)))
        (local.set $word (i32.load (i32.sub (local.get $end) (i32.const 2))))
        (local.set $block
          (i32.and
            (i32.xor
              (i32.xor (i32.shl (i32.and (local.get $word) (i32.const 255)) (i32.const 11))
                       (i32.shl (i32.and (i32.shr_u (local.get $word) (i32.const 8)) (i32.const 255)) (i32.const 5)))
              (i32.and (i32.shr_u (local.get $word) (i32.const 16)) (i32.const 255)))
            (i32.const 65535)))
        (local.set $shift (i32.load8_u (i32.add (local.get $table) (local.get $block))))
        (if (i32.eqz (local.get $shift))
          (then
            (if (call $tableLiteralAt (i32.sub (local.get $end) (local.get $back)) (local.get $table) (local.get $block) (local.get $bufEnd))
              (then
                (i32.store (local.get $out) (i32.sub (local.get $end) (local.get $back)))
                (local.set $out (i32.add (local.get $out) (i32.const 4)))))
            (local.set $shift (i32.const 1))))
        (local.set $end (i32.add (local.get $end) (local.get $shift)))
        (br $step)))
    (local.get $out))

  ;; scan_table over four quarters of [from, to) side by side: one lane's step waits on its own
  ;; table lookup, four independent lanes keep the CPU busy. Lane k writes from out + k * laneBytes
  ;; and its output end goes to address 16 + 4k. The four steps are written out: a call per step
  ;; costs more than the step.
  (func (export "scan_table_lanes") (param $from i32) (param $to i32) (param $bufEnd i32) (param $window i32) (param $table i32) (param $out i32) (param $laneBytes i32)
    (local $quarter i32) (local $back i32) (local $word i32)
    (local $e0 i32) (local $e1 i32) (local $e2 i32) (local $e3 i32)
    (local $l0 i32) (local $l1 i32) (local $l2 i32) (local $l3 i32)
    (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local.set $back (i32.sub (local.get $window) (i32.const 1)))
    (local.set $quarter (i32.shr_u (i32.sub (local.get $to) (local.get $from)) (i32.const 2)))
    ;; Lane k covers starts in [from + k * quarter, from + (k + 1) * quarter), the last one up to `to`;
    ;; e is where the block under the window ends, l where it stops.
    (local.set $e0 (i32.add (local.get $from) (local.get $back)))
    (local.set $e1 (i32.add (local.get $e0) (local.get $quarter)))
    (local.set $e2 (i32.add (local.get $e1) (local.get $quarter)))
    (local.set $e3 (i32.add (local.get $e2) (local.get $quarter)))
    (local.set $l0 (local.get $e1))
    (local.set $l1 (local.get $e2))
    (local.set $l2 (local.get $e3))
    (local.set $l3 (i32.add (local.get $to) (local.get $back)))
    (if (i32.gt_u (local.get $l3) (local.get $bufEnd)) (then (local.set $l3 (local.get $bufEnd))))
    (local.set $o0 (local.get $out))
    (local.set $o1 (i32.add (local.get $o0) (local.get $laneBytes)))
    (local.set $o2 (i32.add (local.get $o1) (local.get $laneBytes)))
    (local.set $o3 (i32.add (local.get $o2) (local.get $laneBytes)))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $e0) (local.get $l0)))
        (br_if $done (i32.ge_u (local.get $e1) (local.get $l1)))
        (br_if $done (i32.ge_u (local.get $e2) (local.get $l2)))
        (br_if $done (i32.ge_u (local.get $e3) (local.get $l3)))
        (local.set $word (i32.load (i32.sub (local.get $e0) (i32.const 2))))
        (local.set $b0
          (i32.and
            (i32.xor
              (i32.xor (i32.shl (i32.and (local.get $word) (i32.const 255)) (i32.const 11))
                       (i32.shl (i32.and (i32.shr_u (local.get $word) (i32.const 8)) (i32.const 255)) (i32.const 5)))
              (i32.and (i32.shr_u (local.get $word) (i32.const 16)) (i32.const 255)))
            (i32.const 65535)))
        (local.set $s0 (i32.load8_u (i32.add (local.get $table) (local.get $b0))))
        (local.set $word (i32.load (i32.sub (local.get $e1) (i32.const 2))))
        (local.set $b1
          (i32.and
            (i32.xor
              (i32.xor (i32.shl (i32.and (local.get $word) (i32.const 255)) (i32.const 11))
                       (i32.shl (i32.and (i32.shr_u (local.get $word) (i32.const 8)) (i32.const 255)) (i32.const 5)))
              (i32.and (i32.shr_u (local.get $word) (i32.const 16)) (i32.const 255)))
            (i32.const 65535)))
        (local.set $s1 (i32.load8_u (i32.add (local.get $table) (local.get $b1))))
        (local.set $word (i32.load (i32.sub (local.get $e2) (i32.const 2))))
        (local.set $b2
          (i32.and
            (i32.xor
              (i32.xor (i32.shl (i32.and (local.get $word) (i32.const 255)) (i32.const 11))
                       (i32.shl (i32.and (i32.shr_u (local.get $word) (i32.const 8)) (i32.const 255)) (i32.const 5)))
              (i32.and (i32.shr_u (local.get $word) (i32.const 16)) (i32.const 255)))
            (i32.const 65535)))
        (local.set $s2 (i32.load8_u (i32.add (local.get $table) (local.get $b2))))
        (local.set $word (i32.load (i32.sub (local.get $e3) (i32.const 2))))
        (local.set $b3
          (i32.and
            (i32.xor
              (i32.xor (i32.shl (i32.and (local.get $word) (i32.const 255)) (i32.const 11))
                       (i32.shl (i32.and (i32.shr_u (local.get $word) (i32.const 8)) (i32.const 255)) (i32.const 5)))
              (i32.and (i32.shr_u (local.get $word) (i32.const 16)) (i32.const 255)))
            (i32.const 65535)))
        (local.set $s3 (i32.load8_u (i32.add (local.get $table) (local.get $b3))))
        (if (i32.eqz (local.get $s0))
          (then
            (if (call $tableLiteralAt (i32.sub (local.get $e0) (local.get $back)) (local.get $table) (local.get $b0) (local.get $bufEnd))
              (then
                (i32.store (local.get $o0) (i32.sub (local.get $e0) (local.get $back)))
                (local.set $o0 (i32.add (local.get $o0) (i32.const 4)))))
            (local.set $s0 (i32.const 1))))
        (local.set $e0 (i32.add (local.get $e0) (local.get $s0)))
        (if (i32.eqz (local.get $s1))
          (then
            (if (call $tableLiteralAt (i32.sub (local.get $e1) (local.get $back)) (local.get $table) (local.get $b1) (local.get $bufEnd))
              (then
                (i32.store (local.get $o1) (i32.sub (local.get $e1) (local.get $back)))
                (local.set $o1 (i32.add (local.get $o1) (i32.const 4)))))
            (local.set $s1 (i32.const 1))))
        (local.set $e1 (i32.add (local.get $e1) (local.get $s1)))
        (if (i32.eqz (local.get $s2))
          (then
            (if (call $tableLiteralAt (i32.sub (local.get $e2) (local.get $back)) (local.get $table) (local.get $b2) (local.get $bufEnd))
              (then
                (i32.store (local.get $o2) (i32.sub (local.get $e2) (local.get $back)))
                (local.set $o2 (i32.add (local.get $o2) (i32.const 4)))))
            (local.set $s2 (i32.const 1))))
        (local.set $e2 (i32.add (local.get $e2) (local.get $s2)))
        (if (i32.eqz (local.get $s3))
          (then
            (if (call $tableLiteralAt (i32.sub (local.get $e3) (local.get $back)) (local.get $table) (local.get $b3) (local.get $bufEnd))
              (then
                (i32.store (local.get $o3) (i32.sub (local.get $e3) (local.get $back)))
                (local.set $o3 (i32.add (local.get $o3) (i32.const 4)))))
            (local.set $s3 (i32.const 1))))
        (local.set $e3 (i32.add (local.get $e3) (local.get $s3)))
        (br $step)))
    ;; Each lane finishes alone from where it stopped.
    (i32.store offset=16 (i32.const 0)
      (call $scanTable (i32.sub (local.get $e0) (local.get $back)) (i32.sub (local.get $l0) (local.get $back)) (local.get $bufEnd) (local.get $window) (local.get $table) (local.get $o0)))
    (i32.store offset=20 (i32.const 0)
      (call $scanTable (i32.sub (local.get $e1) (local.get $back)) (i32.sub (local.get $l1) (local.get $back)) (local.get $bufEnd) (local.get $window) (local.get $table) (local.get $o1)))
    (i32.store offset=24 (i32.const 0)
      (call $scanTable (i32.sub (local.get $e2) (local.get $back)) (i32.sub (local.get $l2) (local.get $back)) (local.get $bufEnd) (local.get $window) (local.get $table) (local.get $o2)))
    (i32.store offset=28 (i32.const 0)
      (call $scanTable (i32.sub (local.get $e3) (local.get $back)) (local.get $to) (local.get $bufEnd) (local.get $window) (local.get $table) (local.get $o3))))

  ;; Whether one of the followers starts in the `within` bytes from `at`, before the line ends.
  ;; Followers: within, then (address, length) pairs ended by address 0.
  (func $followed (param $at i32) (param $followers i32) (param $bufEnd i32) (result i32)
    (local $limit i32) (local $entry i32)
    (local.set $limit (i32.add (local.get $at) (i32.load (local.get $followers))))
    (if (i32.gt_u (local.get $limit) (local.get $bufEnd)) (then (local.set $limit (local.get $bufEnd))))
    (block $none
      (loop $byte
        (br_if $none (i32.ge_u (local.get $at) (local.get $limit)))
        (br_if $none (i32.eq (i32.load8_u (local.get $at)) (i32.const 10)))
        (local.set $entry (i32.add (local.get $followers) (i32.const 4)))
        (block $tried
          (loop $follower
            (br_if $tried (i32.eqz (i32.load (local.get $entry))))
            (if (call $bytesAt (local.get $at) (i32.load (local.get $entry)) (i32.load offset=4 (local.get $entry)) (local.get $bufEnd))
              (then (return (i32.const 1))))
            (local.set $entry (i32.add (local.get $entry) (i32.const 8)))
            (br $follower)))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $byte)))
    (i32.const 0))

  ;; The literals of one anchor that start at `anchor` minus their offset, in [from, to), written
  ;; as i32 from `out`; returns where the output ends. Entries: literal address, length, the anchor's
  ;; offset in it, followers address (0: none), 16 bytes each, ended by address 0.
  (func $anchoredAt (param $anchor i32) (param $entry i32) (param $from i32) (param $to i32) (param $bufEnd i32) (param $out i32) (result i32)
    (local $start i32) (local $length i32) (local $followers i32)
    (if (i32.eqz (local.get $entry)) (then (return (local.get $out))))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load (local.get $entry))))
        (local.set $start (i32.sub (local.get $anchor) (i32.load offset=8 (local.get $entry))))
        (local.set $length (i32.load offset=4 (local.get $entry)))
        (local.set $followers (i32.load offset=12 (local.get $entry)))
        (if (i32.and
              (i32.and (i32.ge_u (local.get $start) (local.get $from)) (i32.lt_u (local.get $start) (local.get $to)))
              (call $bytesAt (local.get $start) (i32.load (local.get $entry)) (local.get $length) (local.get $bufEnd)))
          (then
            (if (i32.or (i32.eqz (local.get $followers))
                        (call $followed (i32.add (local.get $start) (local.get $length)) (local.get $followers) (local.get $bufEnd)))
              (then
                (i32.store (local.get $out) (local.get $start))
                (local.set $out (i32.add (local.get $out) (i32.const 4)))))))
        (local.set $entry (i32.add (local.get $entry) (i32.const 16)))
        (br $next)))
    (local.get $out))

  ;; Starts in [from, to) of the literals anchored in `pass`, found where their anchors are in
  ;; [anchorsFrom, anchorsTo): written as i32 from `out`, ascending by anchor (not by start); returns
  ;; where the output ends. The pass: six 16-byte tables (low and high nibbles of the anchors' bytes
  ;; 0, 1, 2: anchor k sets bit k), then eight i32, the address of anchor k's entries (0: none).
  ;;
  ;; Each table lookup is exact because a bucket holds one byte value per position (the "shufti"
  ;; technique). The lookups are written out three times: V8 does not inline a function called in
  ;; the loop, and calling one cost more than the lookups.
  (func (export "find_anchored") (param $anchorsFrom i32) (param $anchorsTo i32) (param $from i32) (param $to i32) (param $bufEnd i32) (param $pass i32) (param $out i32) (result i32)
    (local $at i32) (local $lanes i32) (local $lane i32) (local $bits i32) (local $bucket i32) (local $hits v128) (local $bytes v128) (local $nibble v128)
    (local $low0 v128) (local $high0 v128) (local $low1 v128) (local $high1 v128) (local $low2 v128) (local $high2 v128)
    (local.set $low0 (v128.load offset=0 (local.get $pass)))
    (local.set $high0 (v128.load offset=16 (local.get $pass)))
    (local.set $low1 (v128.load offset=32 (local.get $pass)))
    (local.set $high1 (v128.load offset=48 (local.get $pass)))
    (local.set $low2 (v128.load offset=64 (local.get $pass)))
    (local.set $high2 (v128.load offset=80 (local.get $pass)))
    (local.set $nibble (i8x16.splat (i32.const 15)))
    (local.set $at (local.get $anchorsFrom))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $at) (local.get $anchorsTo)))
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
        ;; The last block may reach past `anchorsTo`: positions there belong to the next call.
        (if (i32.lt_u (i32.sub (local.get $anchorsTo) (local.get $at)) (i32.const 16))
          (then
            (local.set $lanes
              (i32.and (local.get $lanes)
                (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $anchorsTo) (local.get $at))) (i32.const 1))))))
        (if (local.get $lanes)
          (then
            (v128.store (i32.const 0) (local.get $hits))
            (loop $hit
              (local.set $lane (i32.ctz (local.get $lanes)))
              (local.set $bits (i32.load8_u (local.get $lane)))
              (loop $anchor
                (local.set $bucket (i32.ctz (local.get $bits)))
                (local.set $out
                  (call $anchoredAt (i32.add (local.get $at) (local.get $lane))
                    (i32.load offset=96 (i32.add (local.get $pass) (i32.shl (local.get $bucket) (i32.const 2))))
                    (local.get $from) (local.get $to) (local.get $bufEnd) (local.get $out)))
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br_if $anchor (local.get $bits)))
              (local.set $lanes (i32.and (local.get $lanes) (i32.sub (local.get $lanes) (i32.const 1))))
              (br_if $hit (local.get $lanes)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $block)))
    (local.get $out))
)
