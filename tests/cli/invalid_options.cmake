# Each impossible input exits non-zero with one line naming the option and the problem.
# Run with -DRCMAE=<path to rcmae> -DWORK_DIR=<scratch dir>.
file(MAKE_DIRECTORY ${WORK_DIR})
file(WRITE ${WORK_DIR}/a_file "not a folder")

include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)

set(base train --preset micro --steps 2 --batch 4 --quiet --out ${WORK_DIR}/run)
expect_rejected("--mask-ratio: must be in (0, 1)" ${base} --mask-ratio 1.5)
expect_rejected("--mask-ratio: must be in (0, 1)" ${base} --mask-ratio 0)
expect_rejected("--mask-ratio: expected a number" ${base} --mask-ratio abc)
expect_rejected("--img: image size 30 is not divisible by the patch size 4" ${base} --img 30)
expect_rejected("--enc-heads: encoder dim 32 is not divisible by 3 heads" ${base} --enc-heads 3)
expect_rejected("--momentum: must be in [0, 1]" ${base} --momentum 1.2)
expect_rejected("--momentum: must be in [0, 1]" ${base} --momentum -0.5)
expect_rejected("--preset: unknown preset 'huge'" train --preset huge)
expect_rejected("--mode: unknown mode 'byol'" ${base} --mode byol)
expect_rejected("--momentum-schedule: unknown schedule" ${base} --momentum-schedule step)
expect_rejected("--dataset: unknown dataset 'imagenet'" ${base} --dataset imagenet)
expect_rejected("/nonexistent" ${base} --dataset folder:/nonexistent)
expect_rejected("a_file" train --preset micro --steps 2 --batch 4 --quiet --out ${WORK_DIR}/a_file/run)
expect_rejected("--frobnicate: unknown option" ${base} --frobnicate 3)
expect_rejected("--batch: must be a positive integer" ${base} --batch 0)
expect_rejected("unknown command 'fly'" fly)
