package io.github.reglab.crossval.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ParamSpaceTest {

    /** A parameter table of the shape an application declares (the fraud application's, abridged). */
    private static final Map<String, ParamRange> FRAUD = fraudLikeTable();

    private static Map<String, ParamRange> fraudLikeTable() {
        Map<String, ParamRange> p = new LinkedHashMap<>();
        p.put("l1", ParamRange.number(0, Double.MAX_VALUE, true, "L1 strength"));
        p.put("l2", ParamRange.number(0, Double.MAX_VALUE, true, "L2 strength"));
        p.put("proximal", ParamRange.flag("proximal steps"));
        p.put("dropout", ParamRange.number(0, 1, false, "dropout drop rate"));
        p.put("batch-norm", ParamRange.flag("batch normalization"));
        p.put("hidden", ParamRange.integer(1, 100_000, "hidden units"));
        return p;
    }

    @Test
    void gridTakesEveryCombinationFirstParameterSlowest() {
        List<Config> g = ParamSpace.parse(List.of("l2=0,1e-4,1e-3", "proximal=true,false")).check(FRAUD).grid();
        assertEquals(6, g.size());
        assertEquals(Map.of("l2", 0.0, "proximal", true), g.get(0).values());
        assertEquals(Map.of("l2", 0.0, "proximal", false), g.get(1).values());
        assertEquals(Map.of("l2", 1e-3, "proximal", false), g.get(5).values());
        for (int i = 0; i < g.size(); i++) {
            assertEquals(i, g.get(i).id());
        }
        assertEquals("l2=0.0001 proximal=true", g.get(2).label());
    }

    @Test
    void randomDrawsStayInTheirRangesAndLogRangesSpreadOverDecades() {
        List<Config> r = ParamSpace.parse(List.of("l1=log:1e-6:1e-2", "dropout=uniform:0:0.5", "batch-norm=true,false"))
                .check(FRAUD).random(2000, 7);
        assertEquals(2000, r.size());
        int belowMilli = 0;
        for (Config c : r) {
            double l1 = c.number("l1", -1);
            assertTrue(l1 >= 1e-6 && l1 <= 1e-2, "l1 " + l1);
            double d = c.number("dropout", -1);
            assertTrue(d >= 0 && d <= 0.5);
            belowMilli += l1 < 1e-4 ? 1 : 0;
        }
        // log-uniform: half of the exponent range [-6, -2] lies below -4
        assertEquals(0.5, belowMilli / 2000.0, 0.05);
        assertEquals(r.get(17).values(), ParamSpace.parse(List.of("l1=log:1e-6:1e-2", "dropout=uniform:0:0.5",
                "batch-norm=true,false")).random(2000, 7).get(17).values(), "same seed, same draws");
    }

    @Test
    void badSpacesFailBeforeTrainingWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ParamSpace.parse(List.of()).check(FRAUD))
                .getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ParamSpace.parse(List.of("l2")))
                .getMessage().contains("name=v1,v2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ParamSpace.parse(List.of("l2=1e-4,abc")))
                .getMessage().contains("'abc' is not a finite number"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ParamSpace.parse(List.of("weight-decay=1")).check(FRAUD)).getMessage()
                .contains("unknown parameter 'weight-decay'; known: l1, l2"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ParamSpace.parse(List.of("dropout=0.2,1.0")).check(FRAUD)).getMessage()
                .contains("parameter 'dropout' must be in [0, 1), found 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ParamSpace.parse(List.of("l1=-1e-4")).check(FRAUD)).getMessage()
                .contains("parameter 'l1' must be in [0, inf], found -0.0001"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ParamSpace.parse(List.of("proximal=1")).check(FRAUD)).getMessage().contains("true or false"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ParamSpace.parse(List.of("l1=log:0:1"))).getMessage().contains("0 < low <= high"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ParamSpace.parse(List.of("l1=log:1e-6:1e-2")).check(FRAUD).grid()).getMessage()
                .contains("ranges need random search"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ParamSpace.parse(List.of("hidden=uniform:8:64")).check(FRAUD)).getMessage()
                .contains("whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ParamSpace.parse(List.of("l1=1", "l1=2"))).getMessage().contains("given twice"));
    }

    /** Ten parameters of four values are a million combinations: refused before one is built. */
    @Test
    void aGridBeyondTheCapIsRefusedBeforeItIsBuilt() {
        List<String> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add("p" + i + "=1,2,3,4");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParamSpace.parse(entries).grid());
        assertTrue(e.getMessage().contains("more than 100000 combinations"), e.getMessage());
        assertEquals(4 * 4 * 4, ParamSpace.parse(entries.subList(0, 3)).grid().size());
    }
}
