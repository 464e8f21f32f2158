package io.github.resnetcourse.kernel;

import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.reply.KernelInfoReply;
import java.util.List;

/**
 * The base kernel's {@code kernel_info_reply} plus the {@code status: "ok"} field that the
 * messaging spec requires and that strict clients (jupyter_kernel_test) check. A named class, since
 * Gson writes an anonymous subclass as {@code null}.
 */
final class KernelInfoReplyWithStatus extends KernelInfoReply {
    @SuppressWarnings("unused") // read by Gson
    private final String status = "ok";

    KernelInfoReplyWithStatus(
            String implementation,
            String implementationVersion,
            LanguageInfo languageInfo,
            String banner,
            List<LanguageInfo.Help> helpLinks) {
        super(
                Header.PROTOCOL_VERISON,
                implementation,
                implementationVersion,
                languageInfo,
                banner,
                helpLinks);
    }
}
