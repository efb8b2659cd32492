package dev.punchspec.extent;

/**
 * The loop of {@code xfs_bmap_punch_delalloc_range()} (fs/xfs/xfs_bmap_util.c, newest generation)
 * and the per-record deletion it calls, {@code xfs_bmap_del_extent_delay()}
 * (fs/xfs/libxfs/xfs_bmap.c, newest generation), over the records of one fork held in parallel
 * arrays. KeY proves this class; it is the code the model runs ({@link Fork#punchDelalloc} calls
 * it and applies the outcome to the fork's records).
 *
 * <p>Implementation overview.
 *
 * <p>Goal: prove, over the fork's records, what the punch guarantees: it removes only delalloc
 * blocks; it removes exactly the delalloc blocks inside {@code [startFsb, endFsb)}; and every
 * block it takes out of a reservation (data or indirect) is either still reserved by a remaining
 * piece of the record or returned to the free-block counter, never lost and never counted twice.
 *
 * <p>Input: the {@code n} records of a fork; record {@code k} maps
 * {@code [off[k], off[k] + len[k])}, {@code delalloc[k]} says whether it is a delalloc
 * reservation, and then {@code ind[k]} is its indirect reservation ({@code startblockval()} of
 * its {@code br_startblock}). The input arrays are only read.
 *
 * <p>Output, per record {@code k}, in five arrays: the blocks kept at its head
 * ({@code headLen[k]}) and their indirect reservation ({@code headInd[k]}), the blocks kept at its
 * tail and theirs ({@code tailLen[k]}, {@code tailInd[k]}), and the blocks returned to the
 * free-block counter ({@code returned[k]}, what {@code xfs_add_fdblocks()} gets). A record the
 * punch leaves alone keeps all its blocks as head and its reservation as head reservation;
 * {@code headLen[k] != len[k]} exactly for the records it punched.
 *
 * <p>Departure from the kernel, and why: the kernel edits the records under an iext cursor as it
 * goes (remove, update, insert); here each record's outcome goes to its own index of the output
 * arrays and {@link Fork} rebuilds the records afterwards. With outcomes at fixed indices the
 * proof needs no bookkeeping of shifted indices, and separate output arrays make "writing the
 * outcome of record {@code i} leaves record {@code k}'s alone" plain array-index reasoning.
 * Rejected: shifting the arrays inside the loop (the invariant would have to map every shifted
 * index back), and one interleaved output array ({@code out[6 * k + slot]}), whose index
 * disjointness KeY could not settle in 10 minutes.
 *
 * <p>The walk visits every record, last to first; the kernel's visits only those that can meet
 * the range: it starts at the last record starting before {@code endFsb}
 * ({@code xfs_iext_lookup_extent_before()}) and stops at the first one ending at or before
 * {@code startFsb}. Both trim each record to the range ({@code xfs_trim_extent()}) and skip a
 * piece that is empty or not delalloc, so a record outside the range is left alone either way and
 * the outcome is the same record for record (the contract says so for every record, in the range
 * or not). Rejected: the kernel's bounds on the walk. They only save visits the trim makes
 * harmless, yet proving that the records they skip are outside the range needs the records'
 * order and a quantifier instantiated across the loop: with them (and an initial pass marking
 * every record untouched) KeY left the walk's invariant open at 80,000 proof steps and closed
 * this method's contract only at about 290,000 nodes (8 minutes); without them the loop's
 * invariant is the contract's postcondition over the records already visited. The records being sorted
 * and disjoint ({@link Fork#isSortedAndDisjoint}) is a fact of the fork, not a premise of this
 * proof.
 *
 * <p>Counters balance per record, the proved form of "no leak, no double free":
 * {@code headLen + headInd + tailLen + tailInd + returned == len + ind}. Indirect-reservation
 * sizes come from an {@link IndlenPolicy}, through its contracts only.
 *
 * <p>Written in the Java subset KeY reads. Checked by KeY with overflow-checking integer
 * semantics; offsets, lengths and reservations are bounded by {@link IndlenPolicy#MAX_FSB} so
 * that no sum overflows.
 */
public final class DelallocPunchLoop {

    private DelallocPunchLoop() {
    }

    /**
     * Punches the delalloc blocks of {@code [startFsb, endFsb)} out of the records, writing each
     * record's outcome to the output arrays.
     *
     * @param off file offset of each record, in blocks ({@code br_startoff})
     * @param len length of each record, in blocks ({@code br_blockcount})
     * @param ind indirect reservation of each delalloc record (0 for the others)
     * @param delalloc whether each record is a delalloc reservation
     * @param n number of records
     * @param startFsb first block of the range ({@code XFS_B_TO_FSBT(start_byte)})
     * @param endFsb block just past the range ({@code XFS_B_TO_FSB(end_byte)})
     * @param policy the indirect-reservation rules
     * @param headLen out: blocks kept at each record's head
     * @param headInd out: their indirect reservation
     * @param tailLen out: blocks kept at each record's tail
     * @param tailInd out: their indirect reservation
     * @param returned out: blocks returned to the free-block counter per record
     */
    /*@ public normal_behavior
      @   requires off != null && len != null && ind != null && delalloc != null;
      @   requires headLen != null && headInd != null && tailLen != null && tailInd != null && returned != null;
      @   requires policy != null && \invariant_for(policy);
      @   requires headLen != headInd && headLen != tailLen && headLen != tailInd && headLen != returned;
      @   requires headInd != tailLen && headInd != tailInd && headInd != returned;
      @   requires tailLen != tailInd && tailLen != returned && tailInd != returned;
      @   requires headLen != off && headLen != len && headLen != ind;
      @   requires headInd != off && headInd != len && headInd != ind;
      @   requires tailLen != off && tailLen != len && tailLen != ind;
      @   requires tailInd != off && tailInd != len && tailInd != ind;
      @   requires returned != off && returned != len && returned != ind;
      @   requires 0 <= n && n <= off.length && n <= len.length && n <= ind.length && n <= delalloc.length;
      @   requires n <= headLen.length && n <= headInd.length && n <= tailLen.length;
      @   requires n <= tailInd.length && n <= returned.length;
      @   requires 0 <= startFsb && startFsb < endFsb && endFsb <= IndlenPolicy.MAX_FSB;
      @   requires (\forall int k; 0 <= k && k < n;
      @                0 <= off[k] && 1 <= len[k] && off[k] + len[k] <= IndlenPolicy.MAX_FSB
      @                && 0 <= ind[k] && ind[k] <= IndlenPolicy.MAX_FSB);
      @   ensures (\forall int k; 0 <= k && k < n;
      @              0 <= headInd[k] && 0 <= tailInd[k] && 0 <= returned[k]
      @              && (headLen[k] == 0 ==> headInd[k] == 0) && (tailLen[k] == 0 ==> tailInd[k] == 0)
      @              && headLen[k] + headInd[k] + tailLen[k] + tailInd[k] + returned[k] == len[k] + ind[k]
      @              && ((delalloc[k] && off[k] < endFsb && startFsb < off[k] + len[k]) ==>
      @                     (startFsb <= off[k] ==> headLen[k] == 0) && (off[k] < startFsb ==> headLen[k] == startFsb - off[k])
      @                     && (off[k] + len[k] <= endFsb ==> tailLen[k] == 0)
      @                     && (endFsb < off[k] + len[k] ==> tailLen[k] == off[k] + len[k] - endFsb))
      @              && (!(delalloc[k] && off[k] < endFsb && startFsb < off[k] + len[k]) ==>
      @                     headLen[k] == len[k] && headInd[k] == ind[k] && tailLen[k] == 0 && tailInd[k] == 0
      @                     && returned[k] == 0));
      @   assignable headLen[*], headInd[*], tailLen[*], tailInd[*], returned[*];
      @*/
    public static void punch(long[] off, long[] len, long[] ind, boolean[] delalloc, int n,
            long startFsb, long endFsb, IndlenPolicy policy,
            long[] headLen, long[] headInd, long[] tailLen, long[] tailInd, long[] returned) {
        int i = n - 1;
        /*@ loop_invariant -1 <= i && i < n;
          @ loop_invariant (\forall int k; i < k && k < n;
          @              0 <= headInd[k] && 0 <= tailInd[k] && 0 <= returned[k]
          @              && (headLen[k] == 0 ==> headInd[k] == 0) && (tailLen[k] == 0 ==> tailInd[k] == 0)
          @              && headLen[k] + headInd[k] + tailLen[k] + tailInd[k] + returned[k] == len[k] + ind[k]
          @              && ((delalloc[k] && off[k] < endFsb && startFsb < off[k] + len[k]) ==>
          @                     (startFsb <= off[k] ==> headLen[k] == 0) && (off[k] < startFsb ==> headLen[k] == startFsb - off[k])
          @                     && (off[k] + len[k] <= endFsb ==> tailLen[k] == 0)
          @                     && (endFsb < off[k] + len[k] ==> tailLen[k] == off[k] + len[k] - endFsb))
          @              && (!(delalloc[k] && off[k] < endFsb && startFsb < off[k] + len[k]) ==>
          @                     headLen[k] == len[k] && headInd[k] == ind[k] && tailLen[k] == 0 && tailInd[k] == 0
          @                     && returned[k] == 0));
          @ decreases i + 1;
          @ assignable headLen[*], headInd[*], tailLen[*], tailInd[*], returned[*];
          @*/
        while (i >= 0) {
            punchRecord(off[i], len[i], ind[i], delalloc[i], startFsb, endFsb, policy, i,
                    headLen, headInd, tailLen, tailInd, returned);
            i--;
        }
    }

    /**
     * One iteration of the walk, on record {@code rec}: {@code del = got;
     * xfs_trim_extent(&del, start_fsb, end_fsb - start_fsb)}, then, unless the piece is empty or
     * not delalloc, {@code xfs_bmap_del_extent_delay()}. Pieces outside the range and records
     * that are not delalloc are never touched (iomap's first obligation on a punch callback).
     */
    /*@ private normal_behavior
      @   requires headLen != null && headInd != null && tailLen != null && tailInd != null && returned != null;
      @   requires policy != null && \invariant_for(policy);
      @   requires headLen != headInd && headLen != tailLen && headLen != tailInd && headLen != returned;
      @   requires headInd != tailLen && headInd != tailInd && headInd != returned;
      @   requires tailLen != tailInd && tailLen != returned && tailInd != returned;
      @   requires 0 <= rec && rec < headLen.length && rec < headInd.length && rec < tailLen.length;
      @   requires rec < tailInd.length && rec < returned.length;
      @   requires 0 <= gotOffFsb && 1 <= gotLenFsb && gotOffFsb + gotLenFsb <= IndlenPolicy.MAX_FSB;
      @   requires 0 <= gotIndFsb && gotIndFsb <= IndlenPolicy.MAX_FSB;
      @   requires 0 <= startFsb && startFsb < endFsb && endFsb <= IndlenPolicy.MAX_FSB;
      @   ensures 0 <= headInd[rec] && 0 <= tailInd[rec] && 0 <= returned[rec]
      @           && (headLen[rec] == 0 ==> headInd[rec] == 0) && (tailLen[rec] == 0 ==> tailInd[rec] == 0)
      @           && headLen[rec] + headInd[rec] + tailLen[rec] + tailInd[rec] + returned[rec] == gotLenFsb + gotIndFsb
      @           && ((gotDelalloc && gotOffFsb < endFsb && startFsb < gotOffFsb + gotLenFsb) ==>
      @                  (startFsb <= gotOffFsb ==> headLen[rec] == 0) && (gotOffFsb < startFsb ==> headLen[rec] == startFsb - gotOffFsb)
      @                  && (gotOffFsb + gotLenFsb <= endFsb ==> tailLen[rec] == 0)
      @                  && (endFsb < gotOffFsb + gotLenFsb ==> tailLen[rec] == gotOffFsb + gotLenFsb - endFsb))
      @           && (!(gotDelalloc && gotOffFsb < endFsb && startFsb < gotOffFsb + gotLenFsb) ==>
      @                  headLen[rec] == gotLenFsb && headInd[rec] == gotIndFsb && tailLen[rec] == 0 && tailInd[rec] == 0
      @                  && returned[rec] == 0);
      @   assignable headLen[rec], headInd[rec], tailLen[rec], tailInd[rec], returned[rec];
      @*/
    private static void punchRecord(long gotOffFsb, long gotLenFsb, long gotIndFsb, boolean gotDelalloc,
            long startFsb, long endFsb, IndlenPolicy policy, int rec,
            long[] headLen, long[] headInd, long[] tailLen, long[] tailInd, long[] returned) {
        // del = got; xfs_trim_extent(&del, start_fsb, end_fsb - start_fsb);
        long delStartFsb = gotOffFsb > startFsb ? gotOffFsb : startFsb;
        long delEndFsb = gotOffFsb + gotLenFsb < endFsb ? gotOffFsb + gotLenFsb : endFsb;
        if (delStartFsb < delEndFsb && gotDelalloc) {
            delExtentDelay(gotOffFsb, gotLenFsb, gotIndFsb, delStartFsb, delEndFsb, policy, rec,
                    headLen, headInd, tailLen, tailInd, returned);
        } else {
            // goto next: the record stays as it is, all of it kept as "head".
            headLen[rec] = gotLenFsb;
            headInd[rec] = gotIndFsb;
            tailLen[rec] = 0;
            tailInd[rec] = 0;
            returned[rec] = 0;
        }
    }

    /**
     * {@code xfs_bmap_del_extent_delay(ip, whichfork, icur, got, del)} (newest generation): removes
     * {@code [delStartFsb, delEndFsb)} from the delalloc record {@code got} (record {@code rec})
     * and writes its outcome. The kernel's four cases, one method each here so that each is proved
     * on its own: the whole record goes and its reservation with it; the head or the tail goes and
     * the remaining piece keeps {@code min(worst-case reservation of its length, the old one)},
     * the rest being returned; or the middle goes ({@link #delMiddle}).
     */
    /*@ private normal_behavior
      @   requires policy != null && \invariant_for(policy);
      @   requires headLen != null && headInd != null && tailLen != null && tailInd != null && returned != null;
      @   requires headLen != headInd && headLen != tailLen && headLen != tailInd && headLen != returned;
      @   requires headInd != tailLen && headInd != tailInd && headInd != returned;
      @   requires tailLen != tailInd && tailLen != returned && tailInd != returned;
      @   requires 0 <= rec && rec < headLen.length && rec < headInd.length && rec < tailLen.length;
      @   requires rec < tailInd.length && rec < returned.length;
      @   requires 0 <= gotOffFsb && 1 <= gotLenFsb && gotOffFsb + gotLenFsb <= IndlenPolicy.MAX_FSB;
      @   requires 0 <= daOldFsb && daOldFsb <= IndlenPolicy.MAX_FSB;
      @   requires gotOffFsb <= delStartFsb && delStartFsb < delEndFsb && delEndFsb <= gotOffFsb + gotLenFsb;
      @   ensures headLen[rec] == delStartFsb - gotOffFsb;
      @   ensures tailLen[rec] == gotOffFsb + gotLenFsb - delEndFsb;
      @   ensures 0 <= headInd[rec] && 0 <= tailInd[rec] && 0 <= returned[rec];
      @   ensures headLen[rec] == 0 ==> headInd[rec] == 0;
      @   ensures tailLen[rec] == 0 ==> tailInd[rec] == 0;
      @   ensures headLen[rec] + headInd[rec] + tailLen[rec] + tailInd[rec] + returned[rec]
      @           == gotLenFsb + daOldFsb;
      @   assignable headLen[rec], headInd[rec], tailLen[rec], tailInd[rec], returned[rec];
      @*/
    private static void delExtentDelay(long gotOffFsb, long gotLenFsb, long daOldFsb,
            long delStartFsb, long delEndFsb, IndlenPolicy policy, int rec,
            long[] headLen, long[] headInd, long[] tailLen, long[] tailInd, long[] returned) {
        long gotEndFsb = gotOffFsb + gotLenFsb;
        if (gotOffFsb == delStartFsb && gotEndFsb == delEndFsb) {
            // BMAP_LEFT_FILLING | BMAP_RIGHT_FILLING: the whole record goes.
            headLen[rec] = 0;
            headInd[rec] = 0;
            tailLen[rec] = 0;
            tailInd[rec] = 0;
            returned[rec] = daOldFsb + (delEndFsb - delStartFsb);
        } else if (gotOffFsb == delStartFsb) {
            // BMAP_LEFT_FILLING: the head goes.
            delHead(gotOffFsb, gotLenFsb, daOldFsb, delStartFsb, delEndFsb, policy, rec,
                    headLen, headInd, tailLen, tailInd, returned);
        } else if (gotEndFsb == delEndFsb) {
            // BMAP_RIGHT_FILLING: the tail goes.
            delTail(gotOffFsb, gotLenFsb, daOldFsb, delStartFsb, delEndFsb, policy, rec,
                    headLen, headInd, tailLen, tailInd, returned);
        } else {
            delMiddle(gotOffFsb, gotLenFsb, daOldFsb, delStartFsb, delEndFsb, policy, rec,
                    headLen, headInd, tailLen, tailInd, returned);
        }
    }

    /** {@code BMAP_LEFT_FILLING}: the tail keeps {@code min(worst_indlen(tail), da_old)}. */
    /*@ private normal_behavior
      @   requires policy != null && \invariant_for(policy);
      @   requires headLen != null && headInd != null && tailLen != null && tailInd != null && returned != null;
      @   requires headLen != headInd && headLen != tailLen && headLen != tailInd && headLen != returned;
      @   requires headInd != tailLen && headInd != tailInd && headInd != returned;
      @   requires tailLen != tailInd && tailLen != returned && tailInd != returned;
      @   requires 0 <= rec && rec < headLen.length && rec < headInd.length && rec < tailLen.length;
      @   requires rec < tailInd.length && rec < returned.length;
      @   requires 0 <= gotOffFsb && 1 <= gotLenFsb && gotOffFsb + gotLenFsb <= IndlenPolicy.MAX_FSB;
      @   requires 0 <= daOldFsb && daOldFsb <= IndlenPolicy.MAX_FSB;
      @   requires gotOffFsb <= delStartFsb && delStartFsb < delEndFsb && delEndFsb <= gotOffFsb + gotLenFsb;
      @   requires gotOffFsb == delStartFsb && delEndFsb < gotOffFsb + gotLenFsb;
      @   ensures headLen[rec] == delStartFsb - gotOffFsb;
      @   ensures tailLen[rec] == gotOffFsb + gotLenFsb - delEndFsb;
      @   ensures 0 <= headInd[rec] && 0 <= tailInd[rec] && 0 <= returned[rec];
      @   ensures headLen[rec] == 0 ==> headInd[rec] == 0;
      @   ensures tailLen[rec] == 0 ==> tailInd[rec] == 0;
      @   ensures headLen[rec] + headInd[rec] + tailLen[rec] + tailInd[rec] + returned[rec]
      @           == gotLenFsb + daOldFsb;
      @   assignable headLen[rec], headInd[rec], tailLen[rec], tailInd[rec], returned[rec];
      @*/
    private static void delHead(long gotOffFsb, long gotLenFsb, long daOldFsb,
            long delStartFsb, long delEndFsb, IndlenPolicy policy, int rec,
            long[] headLen, long[] headInd, long[] tailLen, long[] tailInd, long[] returned) {
        long worst = policy.worstIndlen(gotOffFsb + gotLenFsb - delEndFsb);
        long daNew = worst < daOldFsb ? worst : daOldFsb;
        headLen[rec] = 0;
        headInd[rec] = 0;
        tailLen[rec] = gotOffFsb + gotLenFsb - delEndFsb;
        tailInd[rec] = daNew;
        returned[rec] = (daOldFsb - daNew) + (delEndFsb - delStartFsb);
    }

    /** {@code BMAP_RIGHT_FILLING}: the head keeps {@code min(worst_indlen(head), da_old)}. */
    /*@ private normal_behavior
      @   requires policy != null && \invariant_for(policy);
      @   requires headLen != null && headInd != null && tailLen != null && tailInd != null && returned != null;
      @   requires headLen != headInd && headLen != tailLen && headLen != tailInd && headLen != returned;
      @   requires headInd != tailLen && headInd != tailInd && headInd != returned;
      @   requires tailLen != tailInd && tailLen != returned && tailInd != returned;
      @   requires 0 <= rec && rec < headLen.length && rec < headInd.length && rec < tailLen.length;
      @   requires rec < tailInd.length && rec < returned.length;
      @   requires 0 <= gotOffFsb && 1 <= gotLenFsb && gotOffFsb + gotLenFsb <= IndlenPolicy.MAX_FSB;
      @   requires 0 <= daOldFsb && daOldFsb <= IndlenPolicy.MAX_FSB;
      @   requires gotOffFsb <= delStartFsb && delStartFsb < delEndFsb && delEndFsb <= gotOffFsb + gotLenFsb;
      @   requires gotOffFsb < delStartFsb && delEndFsb == gotOffFsb + gotLenFsb;
      @   ensures headLen[rec] == delStartFsb - gotOffFsb;
      @   ensures tailLen[rec] == gotOffFsb + gotLenFsb - delEndFsb;
      @   ensures 0 <= headInd[rec] && 0 <= tailInd[rec] && 0 <= returned[rec];
      @   ensures headLen[rec] == 0 ==> headInd[rec] == 0;
      @   ensures tailLen[rec] == 0 ==> tailInd[rec] == 0;
      @   ensures headLen[rec] + headInd[rec] + tailLen[rec] + tailInd[rec] + returned[rec]
      @           == gotLenFsb + daOldFsb;
      @   assignable headLen[rec], headInd[rec], tailLen[rec], tailInd[rec], returned[rec];
      @*/
    private static void delTail(long gotOffFsb, long gotLenFsb, long daOldFsb,
            long delStartFsb, long delEndFsb, IndlenPolicy policy, int rec,
            long[] headLen, long[] headInd, long[] tailLen, long[] tailInd, long[] returned) {
        long worst = policy.worstIndlen(delStartFsb - gotOffFsb);
        long daNew = worst < daOldFsb ? worst : daOldFsb;
        headLen[rec] = delStartFsb - gotOffFsb;
        headInd[rec] = daNew;
        tailLen[rec] = 0;
        tailInd[rec] = 0;
        returned[rec] = (daOldFsb - daNew) + (delEndFsb - delStartFsb);
    }

    /**
     * The middle goes: two pieces, each asking for its worst-case reservation. When the old
     * reservation cannot cover both, up to the shortfall is stolen from the deleted data blocks
     * (they stay reserved, now as indirect blocks, instead of being returned; in XFS the steal is
     * only a matter of the free-block accounting), and if that is still not enough the reservation
     * is shared out by {@link IndlenPolicy#splitIndlen}.
     */
    /*@ private normal_behavior
      @   requires policy != null && \invariant_for(policy);
      @   requires headLen != null && headInd != null && tailLen != null && tailInd != null && returned != null;
      @   requires headLen != headInd && headLen != tailLen && headLen != tailInd && headLen != returned;
      @   requires headInd != tailLen && headInd != tailInd && headInd != returned;
      @   requires tailLen != tailInd && tailLen != returned && tailInd != returned;
      @   requires 0 <= rec && rec < headLen.length && rec < headInd.length && rec < tailLen.length;
      @   requires rec < tailInd.length && rec < returned.length;
      @   requires 0 <= gotOffFsb && 1 <= gotLenFsb && gotOffFsb + gotLenFsb <= IndlenPolicy.MAX_FSB;
      @   requires 0 <= daOldFsb && daOldFsb <= IndlenPolicy.MAX_FSB;
      @   requires gotOffFsb <= delStartFsb && delStartFsb < delEndFsb && delEndFsb <= gotOffFsb + gotLenFsb;
      @   requires gotOffFsb < delStartFsb && delEndFsb < gotOffFsb + gotLenFsb;
      @   ensures headLen[rec] == delStartFsb - gotOffFsb;
      @   ensures tailLen[rec] == gotOffFsb + gotLenFsb - delEndFsb;
      @   ensures 0 <= headInd[rec] && 0 <= tailInd[rec] && 0 <= returned[rec];
      @   ensures headLen[rec] == 0 ==> headInd[rec] == 0;
      @   ensures tailLen[rec] == 0 ==> tailInd[rec] == 0;
      @   ensures headLen[rec] + headInd[rec] + tailLen[rec] + tailInd[rec] + returned[rec]
      @           == gotLenFsb + daOldFsb;
      @   assignable headLen[rec], headInd[rec], tailLen[rec], tailInd[rec], returned[rec];
      @*/
    private static void delMiddle(long gotOffFsb, long gotLenFsb, long daOldFsb,
            long delStartFsb, long delEndFsb, IndlenPolicy policy, int rec,
            long[] headLen, long[] headInd, long[] tailLen, long[] tailInd, long[] returned) {
        long delLenFsb = delEndFsb - delStartFsb;
        headLen[rec] = delStartFsb - gotOffFsb;
        tailLen[rec] = gotOffFsb + gotLenFsb - delEndFsb;
        headInd[rec] = policy.worstIndlen(delStartFsb - gotOffFsb);
        tailInd[rec] = policy.worstIndlen(gotOffFsb + gotLenFsb - delEndFsb);
        long daNew = headInd[rec] + tailInd[rec];
        long daOld = daOldFsb;
        long stolen = 0;
        if (daNew > daOld) {
            stolen = daNew - daOld < delLenFsb ? daNew - daOld : delLenFsb;
            daOld = daOld + stolen;
        }
        if (daNew > daOld) {
            policy.splitIndlen(daOld, headInd, rec, tailInd, rec);
        }
        daNew = headInd[rec] + tailInd[rec];
        // ASSERT(da_old >= da_new); fdblocks = da_diff + del->br_blockcount, less the stolen.
        returned[rec] = (daOld - daNew) + (delLenFsb - stolen);
    }
}
