package dev.wharf.codec.terraform;

/** A provider address, file name or document that breaks its grammar; the message says what was expected. */
public final class TerraformNameException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public TerraformNameException(String message) {
        super(message);
    }
}
