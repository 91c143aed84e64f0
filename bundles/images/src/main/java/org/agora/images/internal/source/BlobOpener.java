package org.agora.images.internal.source;

import java.io.IOException;
import java.io.InputStream;
import org.agora.images.internal.manifest.Descriptor;

/** Opens one blob of a resolved image as its source stores it (the caller verifies its digest). */
@FunctionalInterface
public interface BlobOpener {
    /**
     * @throws org.agora.api.image.ImageException when the source answers with an error, naming it
     * @throws IOException                        when the transfer fails
     */
    InputStream open(Descriptor blob) throws IOException;
}
