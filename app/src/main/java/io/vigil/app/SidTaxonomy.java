package io.vigil.app;

import io.vigil.correlate.engine.Taxonomy;
import io.vigil.normalize.ossim.SidTables;
import java.util.function.Supplier;

/** The directive engine's taxonomy, read from the content's SQL tables (the current ones, when content reloads). */
final class SidTaxonomy implements Taxonomy {
    private final Supplier<SidTables> tables;

    SidTaxonomy(Supplier<SidTables> tables) {
        this.tables = tables;
    }

    @Override
    public Integer productType(int pluginId) {
        return tables.get().productType(pluginId).orElse(null);
    }

    @Override
    public Integer category(int pluginId, int sid) {
        return tables.get().find(pluginId, sid).map(SidTables.SidInfo::categoryId).orElse(null);
    }

    @Override
    public Integer subcategory(int pluginId, int sid) {
        return tables.get().find(pluginId, sid).map(SidTables.SidInfo::subcategoryId).orElse(null);
    }
}
