package dev.lanes.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Without the lanes-spark module on the class path, --spark is one clear line and exit status 2. */
class TrainSparkOptionTest {
    @Test
    void sparkWithoutTheModuleSaysHowToBuildIt() {
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--spark", "local[2]", "--epochs", "1");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--spark needs the lanes-spark module and Spark"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
