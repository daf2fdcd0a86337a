package io.vigil.core.contract;

/** The contract file is malformed. The message names the file and the row (flow number and id). */
public final class ContractException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ContractException(String message) {
        super(message);
    }

    public ContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
