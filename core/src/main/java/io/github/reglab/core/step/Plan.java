package io.github.reglab.core.step;

import java.util.ArrayList;
import java.util.List;

/**
 * The bound operations of one node for one minibatch size. A node keeps one plan per size it has seen (usually two:
 * the full minibatch and an epoch's last, shorter one), so nothing is bound again within a run.
 */
class Plan implements AutoCloseable {

    private final List<BoundOp> ops = new ArrayList<>();

    /**
     * Binds an operation to this plan, which releases it on {@link #close()}.
     *
     * @param builder the operation with its arrays and arguments
     * @return the operation's run method
     */
    Runnable bind(BoundOp.Builder builder) {
        BoundOp op = builder.bind();
        ops.add(op);
        return op::run;
    }

    @Override
    public void close() {
        ops.forEach(BoundOp::close);
        ops.clear();
    }
}
