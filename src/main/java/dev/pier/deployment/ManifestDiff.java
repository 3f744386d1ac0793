package dev.pier.deployment;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff (longest common subsequence) between the manifest in force and an edited one, for review before sending.
 */
public final class ManifestDiff {

    /** One line of the diff: ' ' unchanged, '-' only in force, '+' only in the edit. */
    public record Line(char kind, String text) {

        @Override
        public String toString() {
            return kind + " " + text;
        }
    }

    private ManifestDiff() {}

    public static List<Line> between(String inForce, String edited) {
        String[] a = (inForce == null ? "" : inForce).split("\n", -1);
        String[] b = (edited == null ? "" : edited).split("\n", -1);
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] =
                        a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Line> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) {
                lines.add(new Line(' ', a[i++]));
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                lines.add(new Line('-', a[i++]));
            } else {
                lines.add(new Line('+', b[j++]));
            }
        }
        while (i < a.length) {
            lines.add(new Line('-', a[i++]));
        }
        while (j < b.length) {
            lines.add(new Line('+', b[j++]));
        }
        return lines;
    }

    public static boolean changed(List<Line> diff) {
        return diff.stream().anyMatch(l -> l.kind() != ' ');
    }
}
