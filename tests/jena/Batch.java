// Runs several Jena command-line tools (arq.sparql, shacl.shacl_validate ...) in one JVM, so a
// test pays for one start of Java instead of one per command. Each line of the jobs file is
// "OUTPUT<TAB>CLASS<TAB>ARG<TAB>ARG...": CLASS's main(ARG...) runs with its standard output
// written to OUTPUT. A command that fails exits the JVM non-zero (the tools' own behaviour);
// "job N: OUTPUT" on standard error names the job that was running.
// Usage: java -cp <jena jars> Batch.java JOBS
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

public class Batch {
    public static void main(String[] args) throws Exception {
        List<String> jobs = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        PrintStream stdout = System.out;
        int number = 0;
        for (String job : jobs) {
            if (job.isBlank()) continue;
            number++;
            String[] fields = job.split("\t");
            System.err.println("job " + number + ": " + fields[0]);
            try (PrintStream out = new PrintStream(new FileOutputStream(fields[0]), true, "UTF-8")) {
                System.setOut(out);
                Class.forName(fields[1])
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(fields, 2, fields.length));
                out.flush();
            } finally {
                System.setOut(stdout);
            }
        }
    }
}
