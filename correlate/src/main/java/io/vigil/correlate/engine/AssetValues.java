package io.vigil.correlate.engine;

/**
 * The value (0-5) of the asset an address belongs to, for risk. The state store provides the
 * real one (hosts, then the most specific network); an address nobody valued is worth
 * {@link #DEFAULT}, as in OSSIM.
 */
@FunctionalInterface
public interface AssetValues {
    int DEFAULT = 2;

    /** The value of the asset holding {@code address} (text, as events carry it); {@link #DEFAULT} when unknown. */
    int valueOf(String address);

    AssetValues NONE = address -> DEFAULT;
}
