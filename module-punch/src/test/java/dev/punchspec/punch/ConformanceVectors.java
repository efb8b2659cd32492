package dev.punchspec.punch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.punchspec.api.mapping.Iomap;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The conformance vectors: the generator that enumerates small sequential cases, the runner that
 * records what every generation does with one, and their JSON form (schema:
 * {@code conformance/vectors.schema.json}).
 *
 * <p>A case is a page cache (geometry, folios with their uptodate and dirty blocks, value entries,
 * {@code i_size}), an XFS extent map (one letter per block and fork), and one {@code ->iomap_end}
 * call (the iomap, the iteration flags, pos, length, written). Its outcome per generation is the
 * return value, the {@code xfs_bmap_punch_delalloc_range()} calls with their fork, the kernel
 * warnings, the page-cache truncations, the kinds of {@link PunchContract} violations and the
 * extent map afterwards. The families, all seeded and deterministic:
 * <ul>
 *   <li>{@code p4b4}: every cache state of two 4-byte pages with 4-byte blocks and folios of one or
 *       two pages, four {@code i_size} values, three writes (nothing written, part written,
 *       unaligned);</li>
 *   <li>{@code p4b2}: seeded random states of three 4-byte pages with 2-byte blocks (per-block
 *       dirty state), every {@code i_size};</li>
 *   <li>{@code flags}: the entry's early returns and fork choice: a mapping the write did not
 *       reserve, a hole mapping, a shared (COW) mapping, a write fault, a block writeback already
 *       converted;</li>
 *   <li>{@code p4096}: seeded random states of four 4096-byte pages with 1024-byte blocks and folios
 *       up to four pages, the geometry of a real kernel run.</li>
 * </ul>
 */
final class ConformanceVectors {

    static final String FORMAT = "punchspec-conformance/1";
    static final ObjectMapper JSON = new ObjectMapper();

    /** One case, ready to run. */
    record Case(String id, int pageShift, int blkbits, long iSize, List<CacheStates.FolioState>
            folios, List<Long> folioIndexes, List<Long> valueIndexes, String dataFork,
            String cowFork, Iomap iomap, int flags, long pos, long length, long written) {

        FakeCache cache() {
            FakeCache c = new FakeCache(pageShift, blkbits);
            for (int i = 0; i < folios.size(); i++) {
                CacheStates.FolioState f = folios.get(i);
                c.addFolio(folioIndexes.get(i), f.order(), f.ifs(), f.uptodate(), f.dirty(),
                        f.blockDirty());
            }
            for (long v : valueIndexes) {
                c.addValue(v, 0);
            }
            c.iSize = iSize;
            return c;
        }
    }

    private ConformanceVectors() {
    }

    // ---- generation of cases

    /** Every case, in a stable order. */
    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        // p4b4: exhaustive over cache states
        CacheStates.Geometry g44 = new CacheStates.Geometry(2, 2, 2, 1);
        long[][] writes44 = {{0, 8, 0}, {0, 8, 4}, {1, 6, 2}};
        CacheStates.forEach(g44, c -> {
            for (long iSize : new long[] {0, 2, 4, 8}) {
                for (long[] w : writes44) {
                    out.add(newDelallocCase("p4b4-" + out.size(), c, iSize, w[0], w[1], w[2],
                            Iomap.IOMAP_F_NEW, Iomap.IOMAP_WRITE));
                }
            }
        });
        // p4b2: seeded random, sub-page blocks
        Random rnd = new Random(42);
        CacheStates.Geometry g42 = new CacheStates.Geometry(2, 1, 3, 1);
        for (int i = 0; i < 200; i++) {
            FakeCache c = CacheStates.random(g42, rnd);
            long pos = rnd.nextInt(10);
            long len = 1 + rnd.nextInt((int) (12 - pos));
            long written = rnd.nextInt((int) len + 1);
            out.add(newDelallocCase("p4b2-" + i, c, rnd.nextInt(14), pos, len, written,
                    Iomap.IOMAP_F_NEW, Iomap.IOMAP_WRITE));
        }
        // flags: early returns, forks, converted blocks
        Random frnd = new Random(7);
        for (int i = 0; i < 8; i++) {
            FakeCache c = CacheStates.random(g42, frnd);
            long iSize = frnd.nextInt(14);
            out.add(newDelallocCase("flags-notnew-" + i, c, iSize, 0, 12, 3, 0,
                    Iomap.IOMAP_WRITE));
            out.add(newDelallocCase("flags-shared-" + i, c, iSize, 2, 9, 0,
                    Iomap.IOMAP_F_NEW | Iomap.IOMAP_F_SHARED, Iomap.IOMAP_WRITE));
            out.add(newDelallocCase("flags-fault-" + i, c, iSize, 0, 8, 0, Iomap.IOMAP_F_NEW,
                    Iomap.IOMAP_WRITE | Iomap.IOMAP_FAULT));
            Case hole = newDelallocCase("flags-hole-" + i, c, iSize, 0, 8, 0, Iomap.IOMAP_F_NEW,
                    Iomap.IOMAP_WRITE);
            out.add(new Case(hole.id(), hole.pageShift(), hole.blkbits(), hole.iSize(),
                    hole.folios(), hole.folioIndexes(), hole.valueIndexes(), hole.dataFork(),
                    hole.cowFork(), new Iomap(Iomap.IOMAP_HOLE, Iomap.IOMAP_F_NEW, 0, 8),
                    hole.flags(), hole.pos(), hole.length(), hole.written()));
            Case conv = newDelallocCase("flags-converted-" + i, c, iSize, 0, 12, 0,
                    Iomap.IOMAP_F_NEW, Iomap.IOMAP_WRITE);
            char[] data = conv.dataFork().toCharArray();
            data[2] = 'W';
            data[3] = 'U';
            out.add(new Case(conv.id(), conv.pageShift(), conv.blkbits(), conv.iSize(),
                    conv.folios(), conv.folioIndexes(), conv.valueIndexes(), new String(data),
                    conv.cowFork(), conv.iomap(), conv.flags(), conv.pos(), conv.length(),
                    conv.written()));
        }
        // p4096: the kernel's geometry
        Random krnd = new Random(4096);
        CacheStates.Geometry g4k = new CacheStates.Geometry(12, 10, 4, 2);
        for (int i = 0; i < 60; i++) {
            FakeCache c = CacheStates.random(g4k, krnd);
            long pos = krnd.nextInt(12288);
            long len = 1 + krnd.nextInt((int) (16384 - pos));
            long written = krnd.nextInt((int) len + 1);
            out.add(newDelallocCase("p4096-" + i, c, krnd.nextInt(16384 + 1024), pos, len,
                    written, Iomap.IOMAP_F_NEW, Iomap.IOMAP_WRITE));
        }
        return out;
    }

    /**
     * A case whose extent map is delalloc over the write's blocks (in the COW fork for a shared
     * mapping) and holes elsewhere, over the cache's pages.
     */
    private static Case newDelallocCase(String id, FakeCache c, long iSize, long pos, long length,
            long written, int iomapFlags, int flags) {
        List<CacheStates.FolioState> folios = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        for (FakeCache.FakeFolio f : c.folios.values()) {
            folios.add(new CacheStates.FolioState(f.order, f.ifs, f.uptodate, f.dirty,
                    f.blockDirty));
            indexes.add(f.index);
        }
        List<Long> values = new ArrayList<>(c.values.keySet());
        long lastPage = 0;
        for (FakeCache.FakeFolio f : c.folios.values()) {
            lastPage = Math.max(lastPage, f.nextIndex());
        }
        for (long v : values) {
            lastPage = Math.max(lastPage, v + 1);
        }
        long bs = 1L << c.blkbits;
        long mapStart = pos / bs * bs;
        long mapEnd = (pos + length + bs - 1) / bs * bs;
        long sizeByte = Math.max(lastPage << c.pageShift, mapEnd);
        int blocks = (int) ((sizeByte + bs - 1) / bs);
        StringBuilder delalloc = new StringBuilder();
        StringBuilder holes = new StringBuilder();
        for (int b = 0; b < blocks; b++) {
            long at = b * bs;
            delalloc.append(at >= mapStart && at < mapEnd ? 'D' : 'H');
            holes.append('H');
        }
        boolean shared = (iomapFlags & Iomap.IOMAP_F_SHARED) != 0;
        return new Case(id, c.pageShift, c.blkbits, iSize, folios, indexes, values,
                shared ? holes.toString() : delalloc.toString(),
                shared ? delalloc.toString() : holes.toString(),
                new Iomap(Iomap.IOMAP_DELALLOC, iomapFlags, mapStart, mapEnd - mapStart), flags,
                pos, length, written);
    }

    // ---- running

    /** What one generation did with one case, as JSON. */
    static ObjectNode run(Generation g, Case k) {
        FakeCache c = k.cache();
        ReferenceExtents ext = new ReferenceExtents(c, k.dataFork(), k.cowFork());
        Recorder warn = new Recorder(c);
        boolean callerHolds = g == Generation.NEWEST
                && (k.flags() & (Iomap.IOMAP_ZERO | Iomap.IOMAP_UNSHARE)) != 0;
        if (callerHolds) {
            c.invalidateLock();
        }
        int ret = g.create(warn).iomapEnd(c, k.pos(), k.length(), k.written(), k.flags(),
                k.iomap(), ext);
        if (c.invalidateLockHeld != callerHolds || c.foliosLocked != 0) {
            throw new AssertionError(g.kernelName() + " left locks held on " + k.id());
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("return", ret);
        ArrayNode punches = out.putArray("punches");
        for (ReferenceExtents.Call call : ext.calls) {
            ObjectNode p = punches.addObject();
            p.put("offset", call.offsetByte());
            p.put("length", call.lengthByte());
            p.put("fork", call.fork());
        }
        ArrayNode warnings = out.putArray("warnings");
        for (String w : warn.warnings) {
            warnings.add(w);
        }
        ArrayNode truncated = out.putArray("truncated");
        for (long[] t : c.truncated) {
            truncated.addArray().add(t[0]).add(t[1]);
        }
        ArrayNode violations = out.putArray("violations");
        for (PunchContract.Violation v : PunchContract.checkIomapEnd(g, c, k.blkbits(), k.iSize(),
                k.iomap(), k.flags(), k.pos(), k.length(), k.written(), ext.punchCalls())) {
            violations.add(v.kind().name());
        }
        ObjectNode after = out.putObject("extentsAfter");
        after.put("data", ext.data());
        after.put("cow", ext.cow());
        return out;
    }

    // ---- JSON

    /** The case and, if asked, every generation's outcome, as one JSON vector. */
    static ObjectNode toJson(Case k, boolean withResults) {
        ObjectNode v = JSON.createObjectNode();
        v.put("id", k.id());
        ObjectNode geo = v.putObject("geometry");
        geo.put("pageSize", 1L << k.pageShift());
        geo.put("blockSize", 1L << k.blkbits());
        v.put("iSize", k.iSize());
        ArrayNode folios = v.putArray("folios");
        for (int i = 0; i < k.folios().size(); i++) {
            CacheStates.FolioState f = k.folios().get(i);
            ObjectNode o = folios.addObject();
            o.put("index", k.folioIndexes().get(i));
            o.put("order", f.order());
            o.put("ifs", f.ifs());
            o.put("dirty", f.dirty());
            o.put("uptodate", bits(f.uptodate()));
            o.put("blockDirty", bits(f.blockDirty()));
        }
        ArrayNode values = v.putArray("valueEntries");
        for (long idx : k.valueIndexes()) {
            values.add(idx);
        }
        ObjectNode ext = v.putObject("extents");
        ext.put("data", k.dataFork());
        ext.put("cow", k.cowFork());
        ObjectNode call = v.putObject("iomapEnd");
        ObjectNode iomap = call.putObject("iomap");
        iomap.put("type", k.iomap().type());
        iomap.put("flags", k.iomap().flags());
        iomap.put("offset", k.iomap().offsetByte());
        iomap.put("length", k.iomap().lengthByte());
        call.put("flags", k.flags());
        call.put("pos", k.pos());
        call.put("length", k.length());
        call.put("written", k.written());
        if (withResults) {
            ObjectNode results = v.putObject("results");
            for (Generation g : Generation.values()) {
                results.set(g.kernelName(), run(g, k));
            }
        }
        return v;
    }

    /** Reads a case back from its JSON vector. */
    static Case fromJson(JsonNode v) {
        int pageShift = Long.numberOfTrailingZeros(v.get("geometry").get("pageSize").asLong());
        int blkbits = Long.numberOfTrailingZeros(v.get("geometry").get("blockSize").asLong());
        List<CacheStates.FolioState> folios = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        for (JsonNode f : v.get("folios")) {
            folios.add(new CacheStates.FolioState(f.get("order").asInt(), f.get("ifs").asBoolean(),
                    bits(f.get("uptodate").asText()), f.get("dirty").asBoolean(),
                    bits(f.get("blockDirty").asText())));
            indexes.add(f.get("index").asLong());
        }
        List<Long> values = new ArrayList<>();
        for (JsonNode x : v.get("valueEntries")) {
            values.add(x.asLong());
        }
        JsonNode call = v.get("iomapEnd");
        JsonNode m = call.get("iomap");
        return new Case(v.get("id").asText(), pageShift, blkbits, v.get("iSize").asLong(), folios,
                indexes, values, v.get("extents").get("data").asText(),
                v.get("extents").get("cow").asText(),
                new Iomap(m.get("type").asInt(), m.get("flags").asInt(), m.get("offset").asLong(),
                        m.get("length").asLong()),
                call.get("flags").asInt(), call.get("pos").asLong(), call.get("length").asLong(),
                call.get("written").asLong());
    }

    private static String bits(boolean[] b) {
        StringBuilder sb = new StringBuilder();
        for (boolean x : b) {
            sb.append(x ? '1' : '0');
        }
        return sb.toString();
    }

    private static boolean[] bits(String s) {
        boolean[] b = new boolean[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = s.charAt(i) == '1';
        }
        return b;
    }
}
