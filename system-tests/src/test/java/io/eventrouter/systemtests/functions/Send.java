package io.eventrouter.systemtests.functions;

import io.eventrouter.app.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** {@code ./event-router send}, run in-process with its output captured. */
final class Send {

    record Result(int exitCode, String out, String err) {
    }

    private Send() {
    }

    static Result to(URI function, String encoding, String... files) {
        List<String> args = new ArrayList<>(List.of("send", "--to", function.toString(), "--encoding", encoding));
        for (String file : files) {
            args.add(FunctionProcess.examples().resolve(file).toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }
}
