package io.vigil.correlate.engine;

/**
 * OSSIM's risk: priority (0-5) x asset value (0-5) x reliability (0-10) / 25, rounded down
 * and held to 0-10, computed once with the source's asset (compromise) and once with the
 * destination's (attack). Either reaching 1 makes an alarm; the alarm's risk is the larger.
 */
public record Risk(int compromise, int attack) {

    public static Risk of(int priority, int sourceValue, int destinationValue, int reliability) {
        return new Risk(score(priority, sourceValue, reliability), score(priority, destinationValue, reliability));
    }

    static int score(int priority, int assetValue, int reliability) {
        int p = clamp(priority, 5);
        int a = clamp(assetValue, 5);
        int r = clamp(reliability, 10);
        return Math.min(10, p * a * r / 25);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    public boolean alarming() {
        return compromise >= 1 || attack >= 1;
    }

    public int value() {
        return Math.max(compromise, attack);
    }
}
