package dev.harness.cli.run;

import java.util.List;
import java.util.Map;

/**
 * Which cells a report table may rank: only ok ones. An overloaded cell's figures are shown, but a server that
 * did not keep up with the offered load has a lower-bound tail and answers it never gave, so it is never the
 * best (×1.00) of a row; the table says so under it.
 */
final class Ranking {

    private Ranking() {
    }

    /** Whether {@code cell}'s figures may be the best of a row. */
    static boolean ranked(Cell cell) {
        return cell != null && cell.status() == CellStatus.OK;
    }

    /** One line per overloaded cell of the table, "Not ranked: SERVER overloaded (REASON)."; empty when none is. */
    static String notes(List<String> servers, Map<String, Cell> cells) {
        StringBuilder notes = new StringBuilder();
        for (String server : servers) {
            Cell cell = cells.get(server);
            if (cell != null && cell.status() == CellStatus.OVERLOADED) {
                notes.append("\nNot ranked: ").append(server).append(" overloaded (").append(cell.reason()).append(").\n");
            }
        }
        return notes.toString();
    }
}
