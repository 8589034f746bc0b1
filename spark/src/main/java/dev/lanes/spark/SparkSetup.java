package dev.lanes.spark;

import java.io.File;
import org.apache.spark.SparkConf;

/**
 * A {@link SparkConf} with what Lanes needs on the executors: the Vector API module (without it
 * the kernels fall back to scalar there, and {@link SparkTrainer} logs it), native access for
 * Hadoop's loader, Spark's own module options for JDK 17+, and, for {@code local} and
 * {@code local-cluster} masters, this JVM's class path on the executors (the same machine). On a
 * real cluster submit {@code lanes-spark.jar} with {@code spark-submit} instead (README).
 */
public final class SparkSetup {
    /** The executor JVM options (Spark adds its JDK 17+ {@code --add-opens} set itself; repeated here for older launchers). */
    public static final String EXECUTOR_JAVA_OPTIONS = String.join(" ",
            "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private SparkSetup() {}

    /**
     * A configuration for {@code master} ({@code local[N]}, {@code local[N,F]},
     * {@code local-cluster[N,C,MB]}, or a cluster URL), with the UI off.
     *
     * @throws IllegalArgumentException for a blank master, or {@code local-cluster} without a
     *     SPARK_HOME whose {@code jars/} exists (build with {@code mvn package}: spark/target/spark-home)
     */
    public static SparkConf conf(String master, String appName) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("Spark master must not be blank (e.g. local[2], local-cluster[2,1,1024],"
                    + " spark://host:7077)");
        }
        SparkConf c = new SparkConf().setMaster(master).setAppName(appName).set("spark.ui.enabled", "false");
        // ours first, then whatever the user set (-Dspark.executor.extraJavaOptions=...), which wins
        c.set("spark.executor.extraJavaOptions",
                (EXECUTOR_JAVA_OPTIONS + " " + c.get("spark.executor.extraJavaOptions", "")).strip());
        if (master.startsWith("local-cluster")) {
            String home = sparkHome();
            if (home == null || !new File(home, "jars").isDirectory()) {
                throw new IllegalArgumentException("Spark master " + master + " needs SPARK_HOME (or -Dlanes.spark.home)"
                        + " pointing at a folder with Spark's jars/, got " + home
                        + "; 'mvn package' makes spark/target/spark-home");
            }
            c.set("spark.home", home);
            c.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
            c.set("spark.executor.memory", memoryOf(master) + "m");
        }
        return c;
    }

    /** SPARK_HOME, or the system property {@code lanes.spark.home} (tests, ./lanes). */
    static String sparkHome() {
        String p = System.getProperty("lanes.spark.home");
        return p != null ? p : System.getenv("SPARK_HOME");
    }

    /** The MB of {@code local-cluster[N,C,MB]}. */
    private static int memoryOf(String master) {
        String inner = master.substring(master.indexOf('[') + 1, master.lastIndexOf(']'));
        String[] parts = inner.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Spark master must be local-cluster[workers,cores,memoryMB], got " + master);
        }
        return Integer.parseInt(parts[2].trim());
    }
}
