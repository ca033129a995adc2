package ru.rabota.sandbox.vk;

import java.util.List;

/**
 * A background image of a job or of the API user. A failed upload has a null id and non-empty errors.
 *
 * @param assetableType "Job" or "User"
 */
public record VkBackground(Long id, String assetableType, long assetableId, String contentType, String original,
        String cropped, List<String> errors) {
}
