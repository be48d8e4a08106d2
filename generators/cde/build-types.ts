// The toolchains live in core/ (the scaffolder's skeletons use them too).
export { TOOLCHAINS, type BuildType, type Toolchain } from "../../core/render/toolchains.ts";
